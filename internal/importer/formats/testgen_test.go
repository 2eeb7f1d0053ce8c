package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// Generators of UHRI-shaped test files, built from the description of the format
// (there is no sample export): small ones for the tests, large ones for benchmarks.

// The 16 headers of the Excel export in their documented order, with OHCHR's spelling…
var uhriTestHeadersOHCHR = []string{
	"Text", "Countries Concerned", "Reccomending Body", "Document Symbol", "Themes",
	"Affected Persons", "Sdgs", "Document Publication Date", "UPR Reccomending States",
	"UPR Position", "Type", "OHCHR Annotation Id", "UPR Session", "Regions Concerned",
	"Recommending Regions", "Date of publication on UHRI",
}

// …and spelt correctly, with the casing and spacing of another export version.
var uhriTestHeadersCorrected = []string{
	"text", "Countries  concerned", "Recommending Body", "Document symbol", "THEMES",
	"Affected persons", "SDGs", "Document Publication Date", "UPR Recommending States",
	"UPR position", "Type", "OHCHR Annotation ID", "UPR Session", "Regions Concerned",
	"Recommending Regions", "Date of Publication on UHRI ",
}

// uhriTestRow is one row of a UHRI Excel export; Date, Session and DateOnUHRI may be
// numbers (written as numeric cells) or text.
type uhriTestRow struct {
	Text, Countries, Body, Symbol, Themes, Persons, SDGs string
	Date                                                 any
	RecStates, Position, Type, ID                        string
	Session                                              any
	Regions, RecRegions                                  string
	DateOnUHRI                                           any
}

func (r uhriTestRow) cells() []any {
	return []any{r.Text, r.Countries, r.Body, r.Symbol, r.Themes, r.Persons, r.SDGs, r.Date,
		r.RecStates, r.Position, r.Type, r.ID, r.Session, r.Regions, r.RecRegions, r.DateOnUHRI}
}

// uhriList writes a multi-valued cell as UHRI does: one value per line, each after "- ".
func uhriList(values ...string) string {
	lines := make([]string, len(values))
	for i, v := range values {
		lines[i] = "- " + v
	}
	return strings.Join(lines, "\n")
}

// uhriSerial is the Excel serial number of a date.
func uhriSerial(y int, m time.Month, d int) float64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(uhriExcelEpoch).Hours() / 24
}

// uhriTestWorkbook builds an .xlsx in memory: the first row, then the others on the
// following lines; a nil row leaves its line empty. Strings go to the shared string
// table, numbers into numeric cells, as Excel itself writes them.
func uhriTestWorkbook(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func uhriStrings(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

// uhriCollector gathers what a reader emits.
type uhriCollector struct {
	recs []record.Record
	errs []*record.RowError
}

func (c *uhriCollector) emit(rec record.Record, rowErr *record.RowError) error {
	if rowErr != nil {
		c.errs = append(c.errs, rowErr)
		return nil
	}
	c.recs = append(c.recs, rec)
	return nil
}

func (c *uhriCollector) byRow(row int) []record.Record {
	var out []record.Record
	for _, r := range c.recs {
		if r.Row == row {
			out = append(out, r)
		}
	}
	return out
}

func (c *uhriCollector) errsByRow(row int) []*record.RowError {
	var out []*record.RowError
	for _, e := range c.errs {
		if e.Row == row {
			out = append(out, e)
		}
	}
	return out
}

// --- large synthetic exports for the benchmarks ---

var uhriGenWords = strings.Fields(`the State party should ensure that all allegations of torture and
ill-treatment are promptly impartially and effectively investigated and perpetrators prosecuted
adopt comprehensive legislation prohibiting discrimination on all grounds including sex gender
identity disability and ethnic origin strengthen the independence of the national human rights
institution in line with the Paris Principles ratify the Optional Protocol to the Convention
against Torture guarantee access to justice for women victims of violence allocate sufficient
resources to inclusive education for children with disabilities in rural areas`)

var uhriGenThemes = []string{"Rights of the Child", "Torture and other cruel, inhuman or degrading treatment",
	"Women's rights", "Administration of justice & fair trial", "Right to education",
	"Discrimination against women", "National Human Rights Institutions", "Persons with disabilities"}

var uhriGenPersons = []string{"children", "women & girls", "persons with disabilities", "migrants",
	"persons deprived of their liberty", "indigenous peoples"}

var uhriGenSDGs = []string{"16.2 - Protect children from abuse, exploitation, trafficking and violence",
	"5.2 - Eliminate all forms of violence against all women and girls",
	"4.5 - Eliminate discrimination in education", "10.3 - Ensure equal opportunity and end discrimination",
	"16.a - Strengthen national institutions to prevent violence and combat terrorism and crime"}

var uhriGenBodies = []string{"UPR", "UPR", "UPR", "Committee on the Elimination of Discrimination against Women",
	"Committee against Torture", "Committee on the Rights of the Child",
	"Special Rapporteur on the right to food", "Working Group on Arbitrary Detention"}

// uhriGenStates names 193 synthetic States.
func uhriGenStates() []string {
	out := make([]string, 193)
	for i := range out {
		out[i] = fmt.Sprintf("State of Example %03d", i+1)
	}
	return out
}

// uhriGen draws realistic-looking export rows, the same sequence for the same seed.
type uhriGen struct {
	rng    *rand.Rand
	states []string
	n      int
}

func newUHRIGen(seed uint64) *uhriGen {
	return &uhriGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), states: uhriGenStates()}
}

func (g *uhriGen) pick(list []string, k int) []string {
	out := make([]string, 0, k)
	for range k {
		out = append(out, list[g.rng.IntN(len(list))])
	}
	return out
}

func (g *uhriGen) text(paragraph string, target int) string {
	var b strings.Builder
	b.WriteString(paragraph)
	for b.Len() < target {
		b.WriteByte(' ')
		b.WriteString(uhriGenWords[g.rng.IntN(len(uhriGenWords))])
	}
	b.WriteByte('.')
	return b.String()
}

func (g *uhriGen) uuid() string {
	a, c := g.rng.Uint64(), g.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, c>>48, c&0xffffffffffff)
}

// uhriGenRecord is one synthetic annotation, in the JSON export's keys.
type uhriGenRecord struct {
	AffectedPersons        []string
	AnnotationID           string `json:"AnnotationId"`
	AnnotationType         []string
	Body                   string
	Countries              []string
	DocumentID             string `json:"DocumentId"`
	PublicationDate        string
	PublicationDateOnUhri  string
	Regions                []string
	Sdgs                   []string
	Symbol                 string
	Text                   string
	Themes                 []string
	UprCycle               any
	UprPositions           []string
	UprRecommendingCountry []string
	UprRecommendingRegions []string
	UprSession             any
}

func (g *uhriGen) next() uhriGenRecord {
	g.n++
	body := uhriGenBodies[g.rng.IntN(len(uhriGenBodies))]
	states := []string{g.states[g.n%len(g.states)]}
	if g.rng.IntN(20) == 0 {
		states = append(states, g.states[g.rng.IntN(len(g.states))])
	}
	date := time.Date(2008+g.rng.IntN(17), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)
	r := uhriGenRecord{
		AffectedPersons: g.pick(uhriGenPersons, 1+g.rng.IntN(2)),
		AnnotationID:    g.uuid(),
		Body:            body,
		Countries:       states,
		DocumentID:      fmt.Sprint(g.n),
		PublicationDate: date.Format("2006-01-02T15:04:05"),
		Regions:         []string{"Eastern European States"},
		Sdgs:            g.pick(uhriGenSDGs, g.rng.IntN(3)),
		Themes:          g.pick(uhriGenThemes, 1+g.rng.IntN(3)),
	}
	r.PublicationDateOnUhri = r.PublicationDate
	if body == "UPR" {
		session := 1 + g.rng.IntN(48)
		r.Symbol = fmt.Sprintf("A/HRC/%d/%d", 10+session/3, 1+g.rng.IntN(20))
		r.Text = g.text(fmt.Sprintf("%d.%d", 100+g.rng.IntN(60), 1+g.rng.IntN(250)), 260+g.rng.IntN(80)) +
			" (" + g.states[g.rng.IntN(len(g.states))] + ");"
		r.AnnotationType = []string{"Recommendations"}
		r.UprPositions = []string{[]string{"Supported", "Noted"}[g.rng.IntN(2)]}
		r.UprRecommendingCountry = g.pick(g.states, 1+g.rng.IntN(2))
		r.UprRecommendingRegions = []string{"GRULAC"}
		if g.n%2 == 0 {
			r.UprSession = session
		} else {
			r.UprSession = fmt.Sprint(session) // numbers sometimes come as strings
		}
		r.UprCycle = uhriCycleFromSession(session)
	} else {
		r.Symbol = fmt.Sprintf("CEDAW/C/X%02d/CO/%d", g.n%100, 1+g.rng.IntN(9))
		r.Text = g.text(fmt.Sprintf("%d.", 10+g.rng.IntN(50)), 260+g.rng.IntN(80))
		r.AnnotationType = []string{"Recommendations", "Concerns/Observations"}[:1+g.rng.IntN(2)]
	}
	return r
}

// uhriGenJSONFile writes a full-export-shaped JSON array of n objects to path.
func uhriGenJSONFile(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	g := newUHRIGen(1)
	w.WriteString("[")
	for i := range n {
		if i > 0 {
			w.WriteString(",\n")
		}
		b, err := json.Marshal(g.next())
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(b)
	}
	w.WriteString("]\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// uhriGenXLSXFile writes an Excel export of n rows to path with excelize's stream
// writer.
func uhriGenXLSXFile(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		tb.Fatal(err)
	}
	if err := sw.SetRow("A1", uhriStrings(uhriTestHeadersOHCHR)); err != nil {
		tb.Fatal(err)
	}
	g := newUHRIGen(2)
	for i := range n {
		r := g.next()
		date, _ := time.Parse("2006-01-02T15:04:05", r.PublicationDate)
		row := uhriTestRow{
			Text: r.Text, Countries: uhriList(r.Countries...), Body: r.Body, Symbol: r.Symbol,
			Themes: uhriList(r.Themes...), Persons: uhriList(r.AffectedPersons...), SDGs: uhriList(r.Sdgs...),
			Date:      uhriSerial(date.Year(), date.Month(), date.Day()),
			RecStates: uhriList(r.UprRecommendingCountry...), Position: strings.Join(r.UprPositions, ""),
			Type: uhriList(r.AnnotationType...), ID: r.AnnotationID, Session: r.UprSession,
			Regions: uhriList(r.Regions...), RecRegions: uhriList(r.UprRecommendingRegions...),
			DateOnUHRI: r.PublicationDateOnUhri,
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row.cells()); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// uhriPeakHeap samples HeapInuse every few milliseconds until stopped, and returns
// the highest value seen, in MB.
func uhriPeakHeap() (stop func() float64) {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapInuse)
		mu.Unlock()
	}
	sample()
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		sample()
		return float64(peak) / (1 << 20)
	}
}

// uhriOneByte is a reader that returns one byte per call, to split UTF-8 sequences
// and JSON tokens across reads.
type uhriOneByte struct{ r io.Reader }

func (o uhriOneByte) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}
