package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key normalises a name for matching, as the evaluation does: accents
// stripped, case folded, punctuation turned to spaces, white space collapsed
// and a leading "the" removed. "The Cártel del Noreste" and "cartel del
// noreste" have the same Key.
func Key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		r = Fold(r)
		switch {
		case r == '\'' || r == '’' || r == '‘':
			// apostrophes vanish: "Venezuela's" matches "Venezuelas" and "Venezuela s".
			r = ' '
			fallthrough
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
		default:
			b.WriteRune(unicode.ToLower(r))
			space = false
		}
	}
	k := strings.TrimSpace(b.String())
	return strings.TrimPrefix(k, "the ")
}

// Slug returns the ID form of a name: its Key with words joined by hyphens.
// Slug("Cártel del Noreste") is "cartel-del-noreste".
func Slug(name string) string {
	return strings.ReplaceAll(Key(name), " ", "-")
}

// Fold strips the diacritic from a Latin letter (á → a, Ñ → N, ß stays).
func Fold(r rune) rune {
	if r < 0xC0 || r > 0x17F {
		return r
	}
	const (
		from = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ"
		to   = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy"
	)
	if i := strings.IndexRune(from, r); i >= 0 {
		return []rune(to)[utf8.RuneCountInString(from[:i])]
	}
	return r
}

// NameRank scores a spelling of a name: accented letters first (the author
// took care: "Nicolás" over "Nicolas"), then length. PreferName and the stores
// use it so that an entity's canonical name does not depend on load order.
func NameRank(name string) int {
	accents := 0
	for _, r := range name {
		if Fold(r) != r {
			accents++
		}
	}
	return accents*1000 + utf8.RuneCountInString(name)
}

// PreferName returns the better of two spellings of one name: the higher
// NameRank, or on a tie the lesser string.
func PreferName(a, b string) string {
	switch ra, rb := NameRank(a), NameRank(b); {
	case a == "":
		return b
	case b == "":
		return a
	case ra != rb:
		if ra > rb {
			return a
		}
		return b
	case b < a:
		return b
	}
	return a
}

// RelationID is the ID of the fact (subject, predicate, object).
func RelationID(subject string, p Predicate, object string) string {
	return hashID("r", subject, string(p), object)
}

// StatementID is the ID of a quotation by speaker; the text is compared by Key.
func StatementID(speaker, text string) string {
	return hashID("s", speaker, Key(text))
}

// EvidenceID is the ID of the evidence that document gives of a fact at the
// given offset.
func EvidenceID(fact, document string, start int) string {
	return hashID("e", fact, document, strconv.Itoa(start))
}

// ContentID is the ID of a document with the given text: the first 16 bytes
// of its SHA-256, in hex.
func ContentID(text []byte) string {
	sum := sha256.Sum256(text)
	return hex.EncodeToString(sum[:16])
}

func hashID(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return prefix + "-" + hex.EncodeToString(h.Sum(nil)[:10])
}
