package extract

import (
	"regexp"
	"strconv"
	"strings"
)

// A dateline opening the first paragraph: "WASHINGTON (Reuters) -".
var agencyDateline = regexp.MustCompile(`^[\p{Lu}][\p{Lu}\s,.]+\((Reuters|AP|AFP|Bloomberg|EFE)\)\s*[-—–]`)

// dateline matches the place (and date) that opens a wire story: "PORT-AU-PRINCE —",
// "MEXICO CITY, Aug. 12, 2025 —", "WASHINGTON (Reuters) -".
var dateline = regexp.MustCompile(`^\p{Lu}[\p{Lu}.'’-]*(?:\s+\p{Lu}[\p{Lu}.'’-]*)*(?:,\s*[\p{L}.]+(?:\s+\d{1,2})?(?:,\s*\d{4})?)?\s*(?:\([^)]*\)\s*)?[—–-]\s+`)

// furnitureStarts are the first words furnitureLine can match.
var furnitureStarts = map[string]bool{"download": true, "share": true, "print": true, "email": true,
	"subscribe": true, "advertisement": true, "related": true, "read": true, "tweet": true, "follow": true,
	"sign": true, "tag": true, "tags": true, "today": true, "listen": true, "comment": true, "comments": true,
	"skip": true, "menu": true, "home": true, "photo": true, "image": true, "credit": true, "file": true}

// furnitureWord reports cheaply whether line t can be page furniture: whether
// it starts with one of furnitureLine's words.
func furnitureWord(t string) bool {
	t = strings.TrimLeft(t, "—–- \t")
	i := 0
	for i < len(t) && i < 16 && (t[i]|0x20 >= 'a' && t[i]|0x20 <= 'z') {
		i++
	}
	w := strings.ToLower(t[:i])
	return furnitureStarts[w] || strings.HasPrefix(w, "categor")
}

// bylineStart reports cheaply whether line t can be a byline.
func bylineStart(t string) bool {
	for _, p := range []string{"By ", "by ", "BY ", "Written ", "Reporting ", "Author:", "By\t"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// readMetadata marks page furniture, and completes the document's title, author,
// publisher and date from the text where the reader gave none.
func (x *Extractor) readMetadata(d *doc) {
	d.skip = make([]bool, len(d.lines))
	title := ""
	for i, l := range d.lines {
		t := l.text
		switch {
		case furnitureWord(t) && furnitureLine.MatchString(t):
			d.skip[i] = true
			if strings.HasPrefix(strings.ToLower(t), "today") {
				continue
			}
		case bylineStart(t) && bylineLine.MatchString(t):
			d.skip[i] = true
			if d.meta.Author == "" {
				d.meta.Author = bylineLine.FindStringSubmatch(t)[1]
			}
			continue
		}
		if iso, y, m := parseDateLine(strings.TrimPrefix(t, "— ")); iso != "" {
			d.skip[i] = true
			if strings.HasPrefix(strings.ToLower(t), "today") {
				continue
			}
			if d.meta.Published == "" {
				d.meta.Published = iso
			}
			if d.year == 0 {
				d.year, d.pubMonth = y, m
			}
			continue
		}
		if d.skip[i] {
			continue
		}
		if title == "" && len(strings.Fields(t)) >= 3 {
			title = t
		}
		if m := agencyDateline.FindStringSubmatch(t); m != nil && d.meta.Publisher == "" {
			d.meta.Publisher = m[1]
		}
	}
	if d.meta.Title == "" {
		if len(title) > 300 {
			title = strings.TrimSpace(title[:300])
		}
		d.meta.Title = title
	}
	if d.meta.Published != "" && d.year == 0 {
		d.year, _ = strconv.Atoi(d.meta.Published[:min(4, len(d.meta.Published))])
		if len(d.meta.Published) >= 7 {
			d.pubMonth, _ = strconv.Atoi(d.meta.Published[5:7])
		}
	}
	if d.year == 0 {
		d.year = latestYear(d.text)
	}
}
