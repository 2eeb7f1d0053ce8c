package reference

import "strings"

// Names is one name in the six official UN languages. An empty field means the name is
// not known in that language; In falls back to English.
type Names struct {
	EN, FR, ES, RU, AR, ZH string
}

// In returns the name in lang ("ar", "en", "es", "fr", "ru", "zh", or a tag such as
// "fr-CH" or "zh-Hans"), falling back to English when that language is missing.
func (n Names) In(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	var s string
	switch lang {
	case "fr":
		s = n.FR
	case "es":
		s = n.ES
	case "ru":
		s = n.RU
	case "ar":
		s = n.AR
	case "zh":
		s = n.ZH
	}
	if s == "" {
		return n.EN
	}
	return s
}

// all returns the non-empty names, English first.
func (n Names) all() []string {
	out := make([]string, 0, 6)
	for _, s := range []string{n.EN, n.FR, n.ES, n.RU, n.AR, n.ZH} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
