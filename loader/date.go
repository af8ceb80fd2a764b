package loader

import (
	"strconv"
	"strings"
	"unicode"
)

// months returns the month names and their usual abbreviations, by number.
func months() map[string]int {
	return map[string]int{
		"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
		"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
		"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10,
		"november": 11, "nov": 11, "december": 12, "dec": 12,
	}
}

// ParseDate reads a publication date and returns it as ISO 8601 or a prefix of
// it: "2025-02-20", "2025-02" or "2025". It accepts ISO dates and date-times
// ("2025-02-20T14:00:00Z"), "February 20, 2025", "Feb. 20, 2025",
// "20 February 2025", "February 2025", and those with a leading weekday
// ("Thursday, February 20, 2025"). The second result is false when s is not a
// date, or has anything but a date in it.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if iso, ok := parseISO(s); ok {
		return iso, true
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '.' || r == '/'
	})
	if len(words) > 0 && isWeekday(words[0]) {
		words = words[1:]
	}
	// A trailing time ("10:30 AM ET") does not make the date less of a date.
	for i, w := range words {
		if strings.Contains(w, ":") {
			words = words[:i]
			break
		}
	}
	mon := months()
	num := func(w string, lo, hi int) (int, bool) {
		w = strings.TrimRight(strings.ToLower(w), "stndrh") // 1st, 2nd, 3rd, 4th
		n, err := strconv.Atoi(w)
		return n, err == nil && n >= lo && n <= hi
	}
	month := func(w string) (int, bool) {
		m, ok := mon[strings.ToLower(w)]
		return m, ok
	}
	switch len(words) {
	case 2: // February 2025
		m, ok1 := month(words[0])
		y, ok2 := num(words[1], 1900, 2999)
		if ok1 && ok2 {
			return isoDate(y, m, 0), true
		}
	case 3:
		if m, ok := month(words[0]); ok { // February 20 2025
			d, ok1 := num(words[1], 1, 31)
			y, ok2 := num(words[2], 1900, 2999)
			if ok1 && ok2 {
				return isoDate(y, m, d), true
			}
		}
		if m, ok := month(words[1]); ok { // 20 February 2025
			d, ok1 := num(words[0], 1, 31)
			y, ok2 := num(words[2], 1900, 2999)
			if ok1 && ok2 {
				return isoDate(y, m, d), true
			}
		}
	}
	return "", false
}

func isWeekday(w string) bool {
	switch strings.ToLower(w) {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun":
		return true
	}
	return false
}

// parseISO reads "2025", "2025-02", "2025-02-20" and date-times that start
// with a date ("2025-02-20T14:00:00Z", "2025-02-20 14:00").
func parseISO(s string) (string, bool) {
	if i := strings.IndexAny(s, "T "); i == 10 {
		s = s[:10]
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return "", false
	}
	y, err := strconv.Atoi(parts[0])
	if err != nil || y < 1900 || y > 2999 {
		return "", false
	}
	m, d := 0, 0
	if len(parts) > 1 {
		if len(parts[1]) != 2 {
			return "", false
		}
		if m, err = strconv.Atoi(parts[1]); err != nil || m < 1 || m > 12 {
			return "", false
		}
	}
	if len(parts) > 2 {
		if len(parts[2]) != 2 {
			return "", false
		}
		if d, err = strconv.Atoi(parts[2]); err != nil || d < 1 || d > 31 {
			return "", false
		}
	}
	return isoDate(y, m, d), true
}

func isoDate(y, m, d int) string {
	s := strconv.Itoa(y)
	if m > 0 {
		s += "-" + pad2(m)
		if d > 0 {
			s += "-" + pad2(d)
		}
	}
	return s
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// datePrefixes are the words that may introduce a date line ("Published:
// February 20, 2025").
func datePrefixes() []string {
	return []string{"published on", "published", "posted on", "posted", "updated", "date", "dated", "last updated"}
}

// dateLine reports the date a line states when the line is nothing but a date,
// possibly introduced by "Published", "Posted", "Date" and a colon or dash.
func dateLine(line string) (string, bool) {
	l := strings.TrimSpace(line)
	lower := strings.ToLower(l)
	for _, p := range datePrefixes() {
		if strings.HasPrefix(lower, p) {
			l = l[len(p):]
			break
		}
	}
	l = strings.TrimLeft(l, " \t:-–—|")
	if len(l) > 60 {
		return "", false
	}
	return ParseDate(l)
}
