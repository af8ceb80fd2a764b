package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

const monthRe = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`

var (
	// "August 9, 2025", "Aug 31, 2025", "January 20", "February 2025"
	mdyDate = kwRegexpMust(`\b(`+monthRe+`)(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+((?:19|20)\d\d))?\b`, "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
	// "10 August 2025"
	dmyDate = regexp.MustCompile(`\b(\d{1,2})\s+(` + monthRe + `)(?:,?\s+((?:19|20)\d\d))?\b`)
	isoDate = regexp.MustCompile(`\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b`)
	// "in 2021", "since 2008", "launched in 2008"
	yearOnly = kwRegexpMust(`\b(?:[Ii]n|[Ss]ince|[Bb]y|[Ff]rom|[Dd]uring|[Oo]f|[Uu]ntil)\s+((?:19|20)\d\d)\b`, "In", "in", "Since", "since", "By", "by", "From", "from", "During", "during", "Of", "of", "Until", "until")
	thisYear = regexp.MustCompile(`(?i)\b(?:earlier|later) this year\b|\bthis year\b`)
	lastYear = regexp.MustCompile(`(?i)\blast year\b`)
	dateLine = regexp.MustCompile(`^(?i:(?:published|posted|updated|date)\s*:?\s*)?(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:` + monthRe + `\s+\d{1,2},?\s+(?:19|20)\d\d|\d{1,2}\s+` + monthRe + `,?\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?:\s+\d{1,2}:\d\d.*)?$`)
)

// A dateMention is a date stated in a sentence, as an ISO prefix once the year is known.
type dateMention struct {
	start, end int // byte offsets in the sentence
	iso        string
}

// mayHaveDate reports cheaply whether s can state a date: a digit, a month, "year".
func mayHaveDate(s string) bool {
	if strings.ContainsAny(s, "0123456789") || strings.Contains(s, "year") {
		return true
	}
	for _, m := range []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// findDates returns the dates a sentence states, resolved against the document year.
func (d *doc) findDates(s string) []dateMention {
	var out []dateMention
	if !mayHaveDate(s) {
		return nil
	}
	// cheap tests before each expression
	digit := strings.ContainsAny(s, "0123456789")
	month := false
	for _, m := range []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
		if strings.Contains(s, m) {
			month = true
			break
		}
	}
	taken := func(a, b int) bool {
		for _, m := range out {
			if a < m.end && b > m.start {
				return true
			}
		}
		return false
	}
	for _, m := range findIf(digit && strings.IndexByte(s, '-') >= 0, isoDate, s) {
		out = append(out, dateMention{m[0], m[1], s[m[0]:m[1]]})
	}
	for _, m := range findIf(digit && month, dmyDate, s) {
		if taken(m[0], m[1]) {
			continue
		}
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		mon := months[strings.ToLower(strings.TrimSuffix(s[m[4]:m[5]], "."))]
		year := d.yearFor(s, m, 6, mon)
		if iso := isoOf(year, mon, day); iso != "" {
			out = append(out, dateMention{m[0], m[1], iso})
		}
	}
	for _, m := range findKwIf(month, mdyDate, s) {
		if taken(m[0], m[1]) {
			continue
		}
		word := s[m[2]:m[3]]
		mon := months[strings.ToLower(strings.TrimSuffix(word, "."))]
		if word == "May" && m[4] < 0 && m[6] < 0 {
			continue // the verb "may"
		}
		if m[4] < 0 && m[6] < 0 && !monthContext(s[:m[0]]) {
			continue // "March" alone needs "in", "on", "since", "by"
		}
		day := 0
		if m[4] >= 0 {
			day, _ = strconv.Atoi(s[m[4]:m[5]])
		}
		year := d.yearFor(s, m, 6, mon)
		if iso := isoOf(year, mon, day); iso != "" {
			out = append(out, dateMention{m[0], m[1], iso})
		}
	}
	for _, m := range findKwIf(digit, yearOnly, s) {
		if taken(m[2], m[3]) {
			continue
		}
		out = append(out, dateMention{m[2], m[3], s[m[2]:m[3]]})
	}
	if d.year > 0 && (strings.Contains(s, "year") || strings.Contains(s, "Year") || strings.Contains(s, "YEAR")) {
		if loc := thisYear.FindStringIndex(s); loc != nil && !taken(loc[0], loc[1]) {
			out = append(out, dateMention{loc[0], loc[1], strconv.Itoa(d.year)})
		}
		if loc := lastYear.FindStringIndex(s); loc != nil && !taken(loc[0], loc[1]) {
			out = append(out, dateMention{loc[0], loc[1], strconv.Itoa(d.year - 1)})
		}
	}
	return out
}

// findIf runs re over s when the cheap test ok passed.
func findIf(ok bool, re *regexp.Regexp, s string) [][]int {
	if !ok {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// findKwIf is findIf for a kwRegexp.
func findKwIf(ok bool, re *kwRegexp, s string) [][]int {
	if !ok {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s)
}

func monthContext(before string) bool {
	before = strings.ToLower(strings.TrimSpace(before))
	for _, w := range []string{"in", "on", "since", "by", "until", "early", "late", "mid", "last", "this", "from", "of", "during", "through"} {
		if strings.HasSuffix(before, " "+w) || before == w {
			return true
		}
	}
	return false
}

// yearFor returns the year group g of match m, or the document year: a month after
// the publication month belongs to the year before.
func (d *doc) yearFor(s string, m []int, g int, month int) int {
	if m[g] >= 0 {
		y, _ := strconv.Atoi(s[m[g]:m[g+1]])
		return y
	}
	if d.year == 0 {
		return 0
	}
	if d.pubMonth > 0 && month > d.pubMonth {
		return d.year - 1
	}
	return d.year
}

func isoOf(year, month, day int) string {
	switch {
	case year == 0 || month == 0:
		return ""
	case day > 0 && day <= 31:
		return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
	}
	return fmt.Sprintf("%04d-%02d", year, month)
}

// parseDateLine reads a line that is only a date ("August 9, 2025").
func parseDateLine(s string) (iso string, year, month int) {
	if len(s) > 120 || !strings.ContainsAny(s, "0123456789") || !dateLine.MatchString(s) {
		return "", 0, 0
	}
	var d doc
	ds := d.findDates(s)
	if len(ds) == 0 || len(ds[0].iso) < 4 {
		return "", 0, 0
	}
	iso = ds[0].iso
	year, _ = strconv.Atoi(iso[:4])
	if len(iso) >= 7 {
		month, _ = strconv.Atoi(iso[5:7])
	}
	return iso, year, month
}

// latestYear returns the latest year the text states with a month ("December
// 2024", "June 16, 2025"), the best guess of the document's year when it has no date.
func latestYear(text string) int {
	best := 0
	for i := 0; i+4 <= len(text); i++ {
		if text[i] != '1' && text[i] != '2' || i > 0 && isDigitByte(text[i-1]) || i+4 < len(text) && isDigitByte(text[i+4]) {
			continue
		}
		y, err := strconv.Atoi(text[i : i+4])
		if err != nil || y < 1900 || y > 2099 || y <= best {
			continue
		}
		// a month within the few words before: "December 2024", "June 16, 2025"
		w := strings.ToLower(text[max(0, i-16):i])
		for m := range months {
			if len(m) >= 3 && strings.Contains(w, m) {
				best = y
				break
			}
		}
	}
	return best
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }
