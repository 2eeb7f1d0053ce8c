package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nmrf-platform/nmrf/internal/importer/formats"
	"github.com/nmrf-platform/nmrf/internal/importer/record"
	"github.com/nmrf-platform/nmrf/internal/importer/textparse"
	"github.com/nmrf-platform/nmrf/internal/reference"
)

// document is where a recommendation was made, as the database keeps it.
type document struct {
	Key       string // the symbol when known, else mechanism|body|cycle|session
	Mechanism string
	Body      string
	Symbol    string
	Published *time.Time
	Cycle     int
	Session   int
}

// item is one recommendation ready for the database.
type item struct {
	Row            int
	State          string // ISO3 of the State concerned
	Doc            document
	Paragraph      string
	Text           string
	Language       string
	Type           string
	Position       string
	PositionSource string
	ActionCategory int
	Recommending   []string // ISO3 codes; a name no table knows is kept as written
	Themes         []string
	Persons        []string
	SDGs           []string
	ExternalID     string
	ContentHash    string
}

// identity says when two records in one file are the same recommendation (UPR Info
// repeats a recommendation once per recommending State).
func (it item) identity() string {
	if it.ExternalID != "" {
		return it.State + "|x|" + it.ExternalID
	}
	return it.State + "|" + it.Doc.Key + "|" + it.Paragraph + "|" + it.ContentHash
}

// merge folds another record of the same recommendation into this one.
func (it *item) merge(o item) {
	it.Recommending = union(it.Recommending, o.Recommending)
	it.Themes = union(it.Themes, o.Themes)
	it.Persons = union(it.Persons, o.Persons)
	it.SDGs = union(it.SDGs, o.SDGs)
	if it.Paragraph == "" {
		it.Paragraph = o.Paragraph
	}
}

func union(a, b []string) []string {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

// sourceHash fingerprints what the file says, so a re-import can tell unchanged rows
// from updated ones.
func (it item) sourceHash() string {
	b, _ := json.Marshal([]any{it.Doc.Key, it.Paragraph, it.Text, it.Language, it.Type, it.Position, it.PositionSource,
		it.ActionCategory, it.Recommending, it.Themes, it.Persons, it.SDGs, it.ExternalID})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// names remembers which State each name in a file is, and which mechanism each body
// is: a file repeats the same few hundred names thousands of times.
type names struct {
	states map[string]string
	bodies map[string][2]string // body as written → kind and code
}

func newNames() *names {
	return &names{states: map[string]string{}, bodies: map[string][2]string{}}
}

func (n *names) code(name string) (string, bool) {
	code, seen := n.states[name]
	if !seen {
		if c, ok := reference.CountryByName(name); ok {
			code = c.ISO3
		}
		n.states[name] = code
	}
	return code, code != ""
}

// body classifies a body's name as reference.ClassifyBody does, once per name.
func (n *names) body(name string) (kind, code string) {
	kc, seen := n.bodies[name]
	if !seen {
		kc[0], kc[1] = reference.ClassifyBody(name)
		n.bodies[name] = kc
	}
	return kc[0], kc[1]
}

func (n *names) isState(name string) bool {
	_, ok := n.code(name)
	return ok
}

// normalize turns a record into an item: codes for the States, the paragraph number and
// recommending States out of the text, the document it belongs to. defaultState is used
// when the file does not say which State it concerns (a matrix is about one State).
func (n *names) normalize(rec record.Record, info formats.MatrixInfo, defaultState string) (item, *record.RowError) {
	it := item{Row: rec.Row, ExternalID: strings.TrimSpace(rec.ExternalID), Language: rec.Language, Type: rec.Type,
		Position: rec.Position, PositionSource: strings.TrimSpace(rec.PositionSource), ActionCategory: rec.ActionCategory}
	if it.Language == "" {
		it.Language = "en"
	}
	if it.Type == "" {
		it.Type = record.TypeRecommendation
	}

	// The State concerned.
	switch {
	case rec.StateCode != "":
		c, ok := reference.CountryByCode(rec.StateCode)
		if !ok {
			return it, rowErr(rec.Row, "State", "Import.Error.StateUnknown", rec.StateCode)
		}
		it.State = c.ISO3
	case rec.StateName != "":
		code, ok := n.code(rec.StateName)
		if !ok {
			return it, rowErr(rec.Row, "State", "Import.Error.StateUnknown", rec.StateName)
		}
		it.State = code
	case info.StateName != "":
		if code, ok := n.code(info.StateName); ok {
			it.State = code
		}
	}
	if it.State == "" {
		it.State = defaultState
	}

	// Paragraph, bare text and recommending States.
	parsed := textparse.ParseWith(rec.Text, n.isState)
	it.Paragraph = strings.TrimSpace(rec.Paragraph)
	if it.Paragraph == "" {
		it.Paragraph = parsed.Paragraph
	}
	it.Text = strings.TrimSpace(parsed.Text)
	if it.Text == "" {
		it.Text = strings.TrimSpace(rec.Text)
	}
	if it.Text == "" {
		return it, &record.RowError{Row: rec.Row, Column: "Text", MessageID: "Import.Error.Required", Data: map[string]any{"Column": "Text"}}
	}
	recNames := rec.RecommendingStates
	if len(recNames) == 0 {
		recNames = parsed.RecommendingStates
	}
	for _, name := range recNames {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if code, ok := n.code(name); ok {
			it.Recommending = union(it.Recommending, []string{code})
		} else {
			it.Recommending = union(it.Recommending, []string{name})
		}
	}
	it.ContentHash = hashText(it.Text)

	// The document.
	d := document{Symbol: strings.TrimSpace(rec.DocumentSymbol), Cycle: rec.Cycle, Session: rec.Session}
	if d.Symbol == "" {
		d.Symbol = info.DocumentSymbol
	}
	if d.Session == 0 {
		d.Session = info.Session
	}
	if d.Cycle == 0 {
		d.Cycle = info.Cycle
	}
	if !rec.DocumentDate.IsZero() {
		t := rec.DocumentDate
		d.Published = &t
	}
	kind, code := n.body(rec.Body)
	if kind == "" && d.Symbol != "" {
		kind, code = reference.BodyFromSymbol(d.Symbol)
	}
	if kind == "" {
		kind = rec.Mechanism
	}
	if kind == "" {
		return it, rowErr(rec.Row, "Body", "Import.Error.MechanismUnknown", rec.Body)
	}
	if code == "" || code == reference.CodeSpecialProcedures {
		// A special procedure is known by its mandate ("Special Rapporteur on …").
		code = strings.TrimSpace(rec.Body)
	}
	if code == "" {
		code = strings.ToUpper(kind)
	}
	d.Mechanism, d.Body = kind, code
	if kind == record.MechanismUPR && d.Cycle == 0 && d.Session > 0 {
		d.Cycle = formats.UPRCycleForSession(d.Session)
	}
	if d.Symbol != "" {
		d.Key = d.Symbol
	} else {
		d.Key = fmt.Sprintf("%s|%s|%d|%d", d.Mechanism, d.Body, d.Cycle, d.Session)
	}
	it.Doc = d

	for _, t := range rec.Themes {
		if t = strings.TrimSpace(t); t != "" {
			it.Themes = union(it.Themes, []string{t})
		}
	}
	for _, p := range rec.AffectedPersons {
		if p = strings.TrimSpace(p); p != "" {
			it.Persons = union(it.Persons, []string{p})
		}
	}
	for _, s := range rec.SDGTargets {
		if code, ok := reference.ParseSDG(s); ok {
			it.SDGs = union(it.SDGs, []string{code})
		}
	}
	return it, nil
}

func rowErr(row int, column, msg, value string) *record.RowError {
	return &record.RowError{Row: row, Column: column, MessageID: msg, Data: map[string]any{"Value": value}}
}

// hashText fingerprints a bare text (paragraph number and States already removed).
func hashText(text string) string {
	sum := sha256.Sum256([]byte(textparse.NormalizeBare(text)))
	return hex.EncodeToString(sum[:16])
}

// sameDocument gives the report's symbol to items read without it and merges any that
// thereby turn out to be the same recommendation.
func (n *names) sameDocument(items []item, symbol string, res *Result) []item {
	out := items[:0]
	index := map[string]int{}
	for _, it := range items {
		if it.Doc.Symbol == "" && (it.Doc.Mechanism == record.MechanismUPR || it.Doc.Mechanism == "") {
			it.Doc.Symbol, it.Doc.Key = symbol, symbol
		}
		if i, ok := index[it.identity()]; ok {
			out[i].merge(it)
			res.Merged++
			continue
		}
		index[it.identity()] = len(out)
		out = append(out, it)
	}
	return out
}
