package formats

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// This file holds what the UHRI readers (Excel and JSON) and the generic reader share:
// lenient header matching, multi-valued cells, dates, the Type and Position vocabularies,
// SDG target codes, the mechanism guessed from a body's name, and session/cycle numbers.

// Message IDs of the row problems found by the helpers below (see locales/).
const (
	uhriMsgRequired       = "Import.Error.Required"
	uhriMsgAnnotationID   = "Import.Error.AnnotationIdInvalid"
	uhriMsgPositionUnk    = "Import.Error.PositionUnknown"
	uhriMsgTypeUnknown    = "Import.Error.TypeUnknown"
	uhriMsgDateInvalid    = "Import.Error.DateInvalid"
	uhriMsgNumberInvalid  = "Import.Error.NumberInvalid"
	uhriMsgSDGInvalid     = "Import.Error.SDGInvalid"
	uhriMsgMissingColumn  = "Import.Error.MissingColumn"
	uhriMsgNotXLSX        = "Import.Error.NotXLSX"
	uhriMsgEmptyFile      = "Import.Error.Empty"
	uhriMsgElementInvalid = "Import.Error.ElementInvalid"
)

// uhriFold spells accented Latin letters without their accent, so that "Thèmes",
// "Thémes" and "Themes" compare equal.
var uhriFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss",
}

// uhriNormHeader folds a column header (or a vocabulary word) for lenient comparison:
// lower case, accents dropped, only ASCII letters and digits kept (so case, spacing and
// punctuation do not matter), and OHCHR's own misspelling "Reccomending" corrected.
func uhriNormHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := uhriFold[r]; ok {
			b.WriteString(f)
			continue
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if strings.Contains(k, "reccom") {
		k = strings.ReplaceAll(k, "reccommend", "recommend")
		k = strings.ReplaceAll(k, "reccomend", "recommend")
	}
	return k
}

// uhriCol names a column of the UHRI export.
type uhriCol int

const (
	uhriColText uhriCol = iota
	uhriColCountries
	uhriColBody
	uhriColSymbol
	uhriColThemes
	uhriColPersons
	uhriColSDGs
	uhriColDate
	uhriColRecStates
	uhriColPosition
	uhriColType
	uhriColAnnotationID
	uhriColSession
	uhriColRegions
	uhriColRecRegions
	uhriColDateOnUHRI
	uhriColCycle // not in the documented export; used when a file has it
	uhriNumCols
)

// uhriColumns gives each column its documented header (correctly spelt) and the folded
// header forms accepted for it.
var uhriColumns = [uhriNumCols]struct {
	name string
	keys []string
}{
	uhriColText:         {"Text", []string{"text"}},
	uhriColCountries:    {"Countries Concerned", []string{"countriesconcerned", "countryconcerned"}},
	uhriColBody:         {"Recommending Body", []string{"recommendingbody", "recommendingbodies"}},
	uhriColSymbol:       {"Document Symbol", []string{"documentsymbol"}},
	uhriColThemes:       {"Themes", []string{"themes"}},
	uhriColPersons:      {"Affected Persons", []string{"affectedpersons"}},
	uhriColSDGs:         {"Sdgs", []string{"sdgs", "sdg"}},
	uhriColDate:         {"Document Publication Date", []string{"documentpublicationdate"}},
	uhriColRecStates:    {"UPR Recommending States", []string{"uprrecommendingstates", "uprrecommendingstate"}},
	uhriColPosition:     {"UPR Position", []string{"uprposition", "uprpositions"}},
	uhriColType:         {"Type", []string{"type"}},
	uhriColAnnotationID: {"OHCHR Annotation Id", []string{"ohchrannotationid"}},
	uhriColSession:      {"UPR Session", []string{"uprsession"}},
	uhriColRegions:      {"Regions Concerned", []string{"regionsconcerned"}},
	uhriColRecRegions:   {"Recommending Regions", []string{"recommendingregions"}},
	uhriColDateOnUHRI:   {"Date of publication on UHRI", []string{"dateofpublicationonuhri"}},
	uhriColCycle:        {"UPR Cycle", []string{"uprcycle"}},
}

// uhriHeaderIndex maps every accepted folded header to its column.
var uhriHeaderIndex = func() map[string]uhriCol {
	m := make(map[string]uhriCol)
	for c, col := range uhriColumns {
		for _, k := range col.keys {
			m[k] = uhriCol(c)
		}
	}
	return m
}()

// uhriSplitLines splits a multi-valued cell: one value per line, each line usually
// starting with "- ". Blank lines are dropped; a cell without line breaks is one value.
func uhriSplitLines(cell string) []string {
	return uhriSplitOn(cell, func(r rune) bool { return r == '\n' || r == '\r' })
}

func uhriSplitOn(cell string, sep func(rune) bool) []string {
	if strings.TrimSpace(cell) == "" {
		return nil
	}
	var out []string
	for _, part := range strings.FieldsFunc(cell, sep) {
		if v := uhriTrimBullet(part); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// uhriTrimBullet trims spaces and a leading list mark ("- ", "• ", "– ", "* ").
func uhriTrimBullet(s string) string {
	s = strings.TrimSpace(s)
	for _, mark := range []string{"-", "•", "–", "—", "*"} {
		if rest, ok := strings.CutPrefix(s, mark); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

// uhriCleanText trims a text cell and writes its line breaks as "\n".
func uhriCleanText(s string) string {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}

// Excel counts days from 1899-12-30 (which absorbs its 1900 leap-year bug for every
// date after February 1900).
var uhriExcelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Dates outside these years are refused rather than guessed: no UN recommendation
// predates the UN, and a bare year such as 2019 read as a serial would be 1905.
var (
	uhriMinDate = time.Date(1945, 1, 1, 0, 0, 0, 0, time.UTC)
	uhriMaxDate = time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC)
)

var uhriDateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"2006/01/02",
	"2 January 2006",
	"2 Jan 2006",
	"January 2, 2006",
	"Jan 2, 2006",
	"2-Jan-2006",
	"2-Jan-06",
}

var (
	uhriDMYRe     = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)
	uhriDotNetRe  = regexp.MustCompile(`^/Date\((-?\d+)(?:[+-]\d{4})?\)/$`)
	uhriSerialRe  = regexp.MustCompile(`^\d+(?:\.\d+)?$`)
	uhriDigitsRun = regexp.MustCompile(`\d+`)
)

// uhriParseDate reads a date written as an Excel serial number (days since
// 1899-12-30; a fraction is the time of day and is dropped) or as text:
// ISO ("2019-03-15", "2019-03-15T00:00:00Z"), day first ("15/03/2019", "15.03.2019";
// month first only when the second number cannot be a month, as in "03/15/2019"),
// English month names ("15 March 2019") or .NET JSON ("/Date(1552608000000)/").
// An empty value is the zero time; ok is false for anything else it cannot read.
// The result is the date at midnight UTC.
func uhriParseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	t, ok = uhriParseDateAny(s)
	if !ok || t.Before(uhriMinDate) || !t.Before(uhriMaxDate) {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

func uhriParseDateAny(s string) (time.Time, bool) {
	if uhriSerialRe.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f > 2958465 { // 9999-12-31
			return time.Time{}, false
		}
		return uhriExcelEpoch.AddDate(0, 0, int(math.Floor(f))), true
	}
	if m := uhriDotNetRe.FindStringSubmatch(s); m != nil {
		ms, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range uhriDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	// Day-first numeric dates, possibly followed by a time ("15/03/2019 00:00:00").
	head, _, _ := strings.Cut(s, " ")
	if m := uhriDMYRe.FindStringSubmatch(head); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		day, month := a, b
		if b > 12 && a <= 12 {
			day, month = b, a
		}
		if month < 1 || month > 12 || day < 1 {
			return time.Time{}, false
		}
		t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if t.Day() != day { // 31/02 would roll over into March
			return time.Time{}, false
		}
		return t, true
	}
	return time.Time{}, false
}

// uhriParseInt reads a session or cycle number: "40", "40.0" (as Excel stores numbers),
// or the first number in "40th session". Empty is 0; ok is false without any digit.
func uhriParseInt(s string) (n int, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || f > 1e6 || f != math.Trunc(f) {
			return 0, false
		}
		return int(f), true
	}
	d := uhriDigitsRun.FindString(s)
	if d == "" || len(d) > 6 {
		return 0, false
	}
	n, err := strconv.Atoi(d)
	return n, err == nil
}

// uhriCycleFromSession gives the UPR cycle of a working group session: cycle 1 is
// sessions 1–12 (2008–2011), cycle 2 sessions 13–26, cycle 3 sessions 27–40, cycle 4
// from session 41 (November 2022). 0 for an unknown session.
func uhriCycleFromSession(session int) int {
	switch {
	case session <= 0:
		return 0
	case session <= 12:
		return 1
	case session <= 26:
		return 2
	case session <= 40:
		return 3
	default:
		return 4
	}
}

// uhriTypeWords maps folded Type values (English as exported, French and Spanish for
// the generic import) to record types.
var uhriTypeWords = map[string]string{
	"recommendation": record.TypeRecommendation, "recommendations": record.TypeRecommendation,
	"recommandation": record.TypeRecommendation, "recommandations": record.TypeRecommendation,
	"recomendacion": record.TypeRecommendation, "recomendaciones": record.TypeRecommendation,
	"concernsobservations": record.TypeConcern, "concernobservation": record.TypeConcern,
	"concernsandobservations": record.TypeConcern, "concerns": record.TypeConcern,
	"concern": record.TypeConcern, "observations": record.TypeConcern, "observation": record.TypeConcern,
	"preoccupationsobservations": record.TypeConcern, "preoccupations": record.TypeConcern,
	"preoccupation": record.TypeConcern, "preocupacionesobservaciones": record.TypeConcern,
	"preocupaciones": record.TypeConcern, "observaciones": record.TypeConcern,
	"pledge": record.TypePledge, "pledges": record.TypePledge, "voluntarypledge": record.TypePledge,
	"voluntarypledges": record.TypePledge, "engagementvolontaire": record.TypePledge,
	"engagementsvolontaires": record.TypePledge, "compromisovoluntario": record.TypePledge,
	"compromisosvoluntarios": record.TypePledge,
}

// uhriType maps the values of a Type cell. A treaty body's paragraph may be tagged both
// "Recommendations" and "Concerns/Observations"; a record has one type, and it is
// TypeRecommendation whenever "Recommendations" is among the values (the paragraph asks
// the State to act), TypeConcern when only concerns/observations are listed, TypePledge
// for a voluntary pledge. No value means TypeRecommendation. bad is the first value not
// understood ("" when all are).
func uhriType(values []string) (typ, bad string) {
	var rec, concern, pledge bool
	for _, v := range values {
		switch uhriTypeWords[uhriNormHeader(v)] {
		case record.TypeRecommendation:
			rec = true
		case record.TypeConcern:
			concern = true
		case record.TypePledge:
			pledge = true
		default:
			if bad == "" {
				bad = v
			}
		}
	}
	switch {
	case rec:
		return record.TypeRecommendation, bad
	case concern:
		return record.TypeConcern, bad
	case pledge:
		return record.TypePledge, bad
	}
	return record.TypeRecommendation, bad
}

// uhriPositionWords maps folded positions to record positions. "Rejected" (cycle-1
// wording, and some national tables) counts as noted, as the UPR has recorded it since
// its second cycle.
var uhriPositionWords = map[string]string{
	"supported": record.PositionSupported, "accepted": record.PositionSupported,
	"support": record.PositionSupported, "accept": record.PositionSupported,
	"soutenue": record.PositionSupported, "soutenu": record.PositionSupported,
	"acceptee": record.PositionSupported, "accepte": record.PositionSupported,
	"appuyee": record.PositionSupported, "aceptada": record.PositionSupported,
	"aceptado": record.PositionSupported, "apoyada": record.PositionSupported,
	"apoyado": record.PositionSupported,
	"noted":   record.PositionNoted, "notee": record.PositionNoted, "prisenote": record.PositionNoted,
	"priseennote": record.PositionNoted, "prisenotee": record.PositionNoted,
	"tomadanota": record.PositionNoted, "tomanota": record.PositionNoted,
	"rejected": record.PositionNoted, "rejetee": record.PositionNoted, "rechazada": record.PositionNoted,
	"partiallysupported": record.PositionPartial, "partiallyaccepted": record.PositionPartial,
	"supportedinpart": record.PositionPartial, "partiellementsoutenue": record.PositionPartial,
	"partiellementacceptee": record.PositionPartial, "parcialmenteapoyada": record.PositionPartial,
	"parcialmenteaceptada": record.PositionPartial,
	"":                     record.PositionNone, "none": record.PositionNone, "na": record.PositionNone,
}

// uhriPosition maps the State's position(s): "Supported", "Noted", "Partially
// supported" or nothing. A list holding both supported and noted (the JSON export lists
// positions) is partially supported. bad is the first value not understood.
func uhriPosition(values []string) (pos, bad string) {
	var sup, noted, partial bool
	for _, v := range values {
		p, ok := uhriPositionWords[uhriNormHeader(v)]
		if !ok {
			if bad == "" {
				bad = v
			}
			continue
		}
		switch p {
		case record.PositionSupported:
			sup = true
		case record.PositionNoted:
			noted = true
		case record.PositionPartial:
			partial = true
		}
	}
	switch {
	case partial || sup && noted:
		return record.PositionPartial, bad
	case sup:
		return record.PositionSupported, bad
	case noted:
		return record.PositionNoted, bad
	}
	return record.PositionNone, bad
}

// SDG target codes: goal 1–17 as one or two digits, then a numeric or lettered target.
// Only the shape is checked here, not that the target exists.
var (
	uhriSDGPrefixRe = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2}|[a-zA-Z])(?:$|[^0-9A-Za-z])`)
	uhriSDGListRe   = regexp.MustCompile(`^\d{1,2}\.(?:\d{1,2}|[a-zA-Z])(?:[\s,;/]+\d{1,2}\.(?:\d{1,2}|[a-zA-Z]))*$`)
	uhriSDGCodeRe   = regexp.MustCompile(`\d{1,2}\.(?:\d{1,2}|[a-zA-Z])`)
)

// uhriSDGTargets takes the target codes from SDG values such as
// "16.2 - Protect children from abuse …" → "16.2", "5.a - …" → "5.a". A value that is
// only a list of codes ("16.2, 16.3") gives them all. Codes are unique, in order; bad
// is the first value that holds no code.
func uhriSDGTargets(values []string) (codes []string, bad string) {
	add := func(c string) {
		c = strings.ToLower(c)
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	for _, v := range values {
		v = strings.TrimSpace(v)
		if uhriSDGListRe.MatchString(v) {
			for _, c := range uhriSDGCodeRe.FindAllString(v, -1) {
				add(c)
			}
			continue
		}
		if m := uhriSDGPrefixRe.FindStringSubmatch(v); m != nil {
			add(m[1] + "." + m[2])
			continue
		}
		if bad == "" {
			bad = v
		}
	}
	return codes, bad
}

// uhriTreatyAcronyms are the ten treaty bodies' short names.
var uhriTreatyAcronyms = map[string]bool{
	"CCPR": true, "CESCR": true, "CERD": true, "CEDAW": true, "CAT": true,
	"SPT": true, "CRC": true, "CMW": true, "CRPD": true, "CED": true,
}

// uhriMechanism guesses the kind of mechanism from a body's name, as UHRI writes it:
// "UPR" → upr; a "Committee …" or a treaty body's acronym → treaty_body; "Special
// Rapporteur …", "Independent Expert …", "Working Group …" → special_procedure; a few
// well-known regional bodies → regional; anything else "". Also understands the French
// and Spanish names and the mechanism kinds themselves ("Treaty body", "Procédure
// spéciale"), so that a generic file's mechanism column can use it.
func uhriMechanism(body string) string {
	k := " " + uhriFoldWords(body) + " "
	if strings.TrimSpace(k) == "" {
		return ""
	}
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(k, " "+w+" ") {
				return true
			}
		}
		return false
	}
	switch {
	case has("upr", "epu", "universal periodic review", "examen periodique universel",
		"examen periodico universal"):
		return record.MechanismUPR
	case has("inter american", "interamericana", "interamericaine", "african commission",
		"african committee", "african court", "commission africaine", "council of europe",
		"conseil de l europe", "european committee", "european commission", "european court",
		"ecri", "greta", "grevio", "regional", "regional mechanism", "mecanisme regional",
		"mecanismo regional"):
		return record.MechanismRegional
	case has("special rapporteur", "special rapporteurs", "independent expert", "working group",
		"special procedure", "special procedures", "rapporteur special", "rapporteuse speciale",
		"expert independant", "experte independante", "groupe de travail", "procedure speciale",
		"procedures speciales", "relator especial", "relatora especial", "experto independiente",
		"experta independiente", "grupo de trabajo", "procedimiento especial",
		"procedimientos especiales"):
		return record.MechanismSpecial
	case has("committee", "subcommittee", "treaty body", "treaty bodies", "comite",
		"sous comite", "subcomite", "organe conventionnel", "organes conventionnels",
		"organo de tratado", "organos de tratados"):
		return record.MechanismTreaty
	}
	for _, w := range strings.FieldsFunc(body, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if uhriTreatyAcronyms[w] {
			return record.MechanismTreaty
		}
	}
	return ""
}

// uhriFoldWords lower-cases, drops accents and turns every run of other characters
// into one space: "Comité des droits de l'enfant" → "comite des droits de l enfant".
func uhriFoldWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := uhriFold[r]; ok {
			b.WriteString(f)
			space = false
			continue
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space && b.Len() > 0 {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// uhriValidUUID reports whether s has the shape of a UUID
// (8-4-4-4-12 hexadecimal digits).
func uhriValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// uhriNormUUID trims an annotation id, drops braces and lower-cases it.
func uhriNormUUID(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "{")
	s = strings.TrimSuffix(s, "}")
	return strings.ToLower(s)
}

// uhriFields is one UHRI row read from either export, before checking: scalars as
// written, multi-valued cells already split.
type uhriFields struct {
	row       int
	text      string
	countries []string
	body      string
	symbol    string
	themes    []string
	persons   []string
	sdgs      []string
	date      string
	recStates []string
	positions []string
	types     []string
	id        string
	session   string
	cycle     string
}

// uhriBuild checks one row and turns it into a record (without its State) and the
// States it concerns, or row errors. names gives each column's header as in the file.
func uhriBuild(f *uhriFields, names *[uhriNumCols]string) (rec record.Record, states []string, errs []*record.RowError) {
	bad := func(col uhriCol, msg string, value string) {
		data := map[string]any{"Column": names[col]}
		if value != "" {
			data["Value"] = value
		}
		errs = append(errs, &record.RowError{Row: f.row, Column: names[col], MessageID: msg, Data: data})
	}
	// Checked in the documented column order, so that errors read left to right.
	rec.Row = f.row
	rec.Text = uhriCleanText(f.text)
	if rec.Text == "" {
		bad(uhriColText, uhriMsgRequired, "")
	}
	if len(f.countries) == 0 {
		bad(uhriColCountries, uhriMsgRequired, "")
	}
	rec.Body = strings.TrimSpace(f.body)
	rec.Mechanism = uhriMechanism(rec.Body)
	rec.DocumentSymbol = strings.TrimSpace(f.symbol)
	var badValue string
	if rec.SDGTargets, badValue = uhriSDGTargets(f.sdgs); badValue != "" {
		bad(uhriColSDGs, uhriMsgSDGInvalid, badValue)
	}
	var ok bool
	if rec.DocumentDate, ok = uhriParseDate(f.date); !ok {
		bad(uhriColDate, uhriMsgDateInvalid, strings.TrimSpace(f.date))
	}
	if rec.Position, badValue = uhriPosition(f.positions); badValue != "" {
		bad(uhriColPosition, uhriMsgPositionUnk, badValue)
	}
	if rec.Type, badValue = uhriType(f.types); badValue != "" {
		bad(uhriColType, uhriMsgTypeUnknown, badValue)
	}
	if id := uhriNormUUID(f.id); id != "" {
		if uhriValidUUID(id) {
			rec.ExternalID = id
		} else {
			bad(uhriColAnnotationID, uhriMsgAnnotationID, strings.TrimSpace(f.id))
		}
	}
	if rec.Session, ok = uhriParseInt(f.session); !ok {
		bad(uhriColSession, uhriMsgNumberInvalid, strings.TrimSpace(f.session))
	}
	if rec.Cycle, ok = uhriParseInt(f.cycle); !ok {
		bad(uhriColCycle, uhriMsgNumberInvalid, strings.TrimSpace(f.cycle))
	}
	if rec.Cycle == 0 && (rec.Mechanism == record.MechanismUPR || rec.Mechanism == "") {
		rec.Cycle = uhriCycleFromSession(rec.Session)
	}
	rec.Themes = f.themes
	rec.AffectedPersons = f.persons
	rec.RecommendingStates = f.recStates
	return rec, f.countries, errs
}

// uhriEmit sends a built row: its errors when it has any (and then no record), else one
// record per State concerned, all with the row's number. The importer keeps the
// records of the tenant's own State.
func uhriEmit(emit record.Emit, rec record.Record, states []string, errs []*record.RowError) error {
	if len(errs) > 0 {
		for _, e := range errs {
			if err := emit(record.Record{}, e); err != nil {
				return err
			}
		}
		return nil
	}
	return uhriEmitPerState(emit, rec, states)
}

// uhriEmitPerState emits rec once per State (once with no State when states is empty);
// records after the first get their own copies of the lists.
func uhriEmitPerState(emit record.Emit, rec record.Record, states []string) error {
	if len(states) == 0 {
		return emit(rec, nil)
	}
	for i, s := range states {
		r := rec
		r.StateName = s
		if i > 0 {
			r.Themes = slices.Clone(rec.Themes)
			r.AffectedPersons = slices.Clone(rec.AffectedPersons)
			r.SDGTargets = slices.Clone(rec.SDGTargets)
			r.RecommendingStates = slices.Clone(rec.RecommendingStates)
		}
		if err := emit(r, nil); err != nil {
			return err
		}
	}
	return nil
}
