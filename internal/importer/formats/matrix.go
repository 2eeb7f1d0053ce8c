package formats

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// MatrixInfo is what an OHCHR UPR matrix says about itself, found in its page headers
// ("UPR of Slovenia (3rd Cycle - 34th Session)") and in its "Source of position"
// citations. Best effort: a field is empty (0) when the document does not say.
type MatrixInfo struct {
	StateName       string // the State under review, e.g. "Slovenia"
	Cycle           int    // UPR cycle, e.g. 3
	Session         int    // working group session, e.g. 34
	DocumentSymbol  string // the working group report, e.g. "A/HRC/43/15"
	Recommendations int    // records emitted
}

// Limits for the parts of a .docx that ReadMatrix unpacks.
const (
	matrixMaxDocumentXML = 64 << 20
	matrixMaxSmallPart   = 1 << 20
)

// Namespaces of WordprocessingML: transitional (what Word writes) and strict.
const (
	matrixNSWord       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	matrixNSWordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	matrixNSMarkup     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// Column roles in a matrix table.
const (
	matrixColNone = iota
	matrixColRecommendation
	matrixColPosition
	matrixColThemes
	matrixColSDGs
)

// ReadMatrix reads an OHCHR UPR matrix, the Word document titled "Thematic list of
// recommendations": one table whose header row names the columns (cycles 2 and 3:
// Recommendation | Position | Full list of themes | Assessment/comments …; cycle 4:
// Recommendation and recommending State | Position of the State under review | Human
// rights themes and groups of persons | Relevant SDGs), with theme headings as rows
// spanning the table between the recommendations.
//
// Each recommendation row becomes a record: Text is the recommendation cell as
// written, paragraphs joined by a space, number and recommending States included;
// PositionSource is its "Source of position:" citation (the paragraph is not part of
// Text); Themes are the theme cell's lines up to an "Affected persons:" or "Groups of
// persons:" line, AffectedPersons the lines after it; SDGTargets come from the SDG
// column or an "SDGs:" part of the theme cell, as codes ("16", "16.2", "5.a").
// StateName, Cycle and Session come from the page header, DocumentSymbol from the
// row's citation (the working group report, without "/Add.1"). Record.Row counts the
// rows of the document's tables from 1 (the header row is row 1 of a one-table matrix).
//
// A row whose position is not one ReadMatrix knows is a *record.RowError
// (Import.Error.PositionUnknown); so is a row with a position and no recommendation
// (Import.Error.Required). Files that are not a .docx (Import.Error.NotDocx), hold no
// table with a recommendation and a position column (Import.Error.NoMatrixTable) or
// unpack to too much (Import.Error.ZipBomb) return a *record.FormatError.
func ReadMatrix(r io.ReaderAt, size int64, emit record.Emit) (MatrixInfo, error) {
	info, err := matrixRead(r, size, emit)
	var fe *record.FormatError
	if errors.As(err, &fe) && fe.MessageID == "Import.Error.NotZip" {
		// not a zip, or a damaged one: either way not a Word document we can read
		return info, matrixNotDocx(fe.Err)
	}
	return info, err
}

func matrixRead(r io.ReaderAt, size int64, emit record.Emit) (MatrixInfo, error) {
	zr, err := OpenZip(r, size, DefaultZipLimits())
	if err != nil {
		return MatrixInfo{}, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	main := files[matrixMainPart(files)]
	if main == nil {
		return MatrixInfo{}, matrixNotDocx(errors.New("no word/document.xml"))
	}

	p := &matrixParser{emit: emit}
	// Page headers first: they name the State, the cycle and the session.
	var headers []string
	for name := range files {
		if path.Dir(name) == "word" && strings.HasPrefix(path.Base(name), "header") && strings.HasSuffix(name, ".xml") {
			headers = append(headers, name)
		}
	}
	sort.Strings(headers)
	for _, name := range headers {
		data, err := ReadEntry(files[name], matrixMaxSmallPart)
		if err != nil {
			return MatrixInfo{}, err
		}
		lines, err := matrixParagraphs(bytes.NewReader(data))
		if err != nil {
			continue // a damaged header is no reason to refuse the table
		}
		for _, l := range lines {
			p.learn(l)
		}
	}

	body, err := zipOpenEntry(main, matrixMaxDocumentXML)
	if err != nil {
		return MatrixInfo{}, err
	}
	defer body.Close()
	if err := p.parse(body); err != nil {
		return p.info, err
	}
	if !p.found {
		return p.info, &record.FormatError{MessageID: "Import.Error.NoMatrixTable",
			Err: errors.New("no table with a recommendation and a position column")}
	}
	if p.info.Cycle == 0 && p.info.Session > 0 {
		p.info.Cycle = UPRCycleForSession(p.info.Session)
	}
	return p.info, nil
}

func matrixNotDocx(err error) *record.FormatError {
	return &record.FormatError{MessageID: "Import.Error.NotDocx", Err: err}
}

// matrixMainPart finds the main document part through the package relationships,
// falling back on Word's usual name.
func matrixMainPart(files map[string]*zip.File) string {
	const fallback = "word/document.xml"
	f := files["_rels/.rels"]
	if f == nil {
		return fallback
	}
	data, err := ReadEntry(f, matrixMaxSmallPart)
	if err != nil {
		return fallback
	}
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(data, &rels) != nil {
		return fallback
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/")
		}
	}
	return fallback
}

// matrixCell is one table cell: its paragraphs (line breaks inside a paragraph kept as
// "\n") and the grid columns it spans.
type matrixCell struct {
	paras     []string
	span      int
	vcontinue bool // a vertically merged cell continuing the one above
}

type matrixParser struct {
	emit  record.Emit
	info  MatrixInfo
	found bool // a header row was seen

	cols    map[int]int    // grid column → role, from the header row
	heads   map[int]string // role → header as written
	prevRow map[int]matrixCell
	row     int // rows of top-level tables so far
}

func matrixIsWord(n xml.Name) bool {
	return n.Space == matrixNSWord || n.Space == matrixNSWordStrict
}

// matrixParagraphs returns the text of every paragraph of a WordprocessingML part.
func matrixParagraphs(r io.Reader) ([]string, error) {
	var out []string
	err := matrixWalk(r, func(text string, depth int, ev int, attrs []xml.Attr) error {
		if ev == matrixEvPara {
			out = append(out, text)
		}
		return nil
	})
	return out, err
}

// Events matrixWalk reports.
const (
	matrixEvPara     = iota // end of a paragraph: text, table depth
	matrixEvRowStart        // start of a row of a table at depth
	matrixEvRowEnd
	matrixEvCellStart
	matrixEvCellEnd
	matrixEvGridSpan // attrs of <w:gridSpan> in a cell at depth
	matrixEvVMerge   // attrs of <w:vMerge>
	matrixEvGridBefore
	matrixEvTableStart
	matrixEvTableEnd
)

// matrixWalk streams a WordprocessingML part and reports paragraphs and table
// structure to fn. The text of a paragraph is its visible runs: w:t, tabs as spaces,
// breaks as "\n", non-breaking hyphens as "-"; deleted and moved-away text, hidden
// runs, drawings and markup-compatibility fallbacks are left out.
func matrixWalk(r io.Reader, fn func(text string, depth, ev int, attrs []xml.Attr) error) error {
	d := xml.NewDecoder(r)
	var (
		depth         int // table nesting
		para          strings.Builder
		paraDepth     int // nesting of w:p (text boxes can nest them)
		inText, inRun bool
		inRunProps    bool
		runHidden     bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space == matrixNSMarkup && t.Name.Local == "Fallback" {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			if !matrixIsWord(t.Name) {
				continue
			}
			var err error
			switch t.Name.Local {
			case "del", "moveFrom", "drawing", "pict", "object", "instrText", "delText":
				err = d.Skip()
			case "tbl":
				depth++
				err = fn("", depth, matrixEvTableStart, nil)
			case "tr":
				err = fn("", depth, matrixEvRowStart, nil)
			case "tc":
				err = fn("", depth, matrixEvCellStart, nil)
			case "gridSpan":
				err = fn("", depth, matrixEvGridSpan, t.Attr)
			case "vMerge":
				err = fn("", depth, matrixEvVMerge, t.Attr)
			case "gridBefore":
				err = fn("", depth, matrixEvGridBefore, t.Attr)
			case "p":
				if paraDepth == 0 {
					para.Reset()
				}
				paraDepth++
			case "r":
				inRun, runHidden = true, false
			case "rPr":
				inRunProps = inRun
			case "vanish":
				if inRunProps {
					runHidden = true
				}
			case "t":
				inText = true
			case "tab", "ptab":
				if inRun && !runHidden {
					para.WriteByte(' ')
				}
			case "br", "cr":
				if inRun && !runHidden {
					para.WriteByte('\n')
				}
			case "noBreakHyphen":
				if inRun && !runHidden {
					para.WriteByte('-')
				}
			}
			if err != nil {
				return err
			}
		case xml.EndElement:
			if !matrixIsWord(t.Name) {
				continue
			}
			var err error
			switch t.Name.Local {
			case "tbl":
				err = fn("", depth, matrixEvTableEnd, nil)
				depth--
			case "tr":
				err = fn("", depth, matrixEvRowEnd, nil)
			case "tc":
				err = fn("", depth, matrixEvCellEnd, nil)
			case "p":
				paraDepth--
				if paraDepth == 0 {
					err = fn(para.String(), depth, matrixEvPara, nil)
				}
			case "r":
				inRun, runHidden = false, false
			case "rPr":
				inRunProps = false
			case "t":
				inText = false
			}
			if err != nil {
				return err
			}
		case xml.CharData:
			if inText && !runHidden {
				para.Write(t)
			}
		}
	}
}

func matrixAttr(attrs []xml.Attr, local string) (string, bool) {
	for _, a := range attrs {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// parse walks document.xml, assembling the rows of top-level tables.
func (p *matrixParser) parse(r io.Reader) error {
	var (
		cells      []matrixCell
		cell       *matrixCell
		gridBefore int
	)
	err := matrixWalk(r, func(text string, depth, ev int, attrs []xml.Attr) error {
		switch ev {
		case matrixEvTableStart:
			if depth == 1 {
				p.prevRow = nil // a new table: its header may differ
			}
		case matrixEvRowStart:
			if depth == 1 {
				cells, cell, gridBefore = cells[:0], nil, 0
			}
		case matrixEvGridBefore:
			if depth == 1 && cell == nil {
				v, _ := matrixAttr(attrs, "val")
				gridBefore, _ = strconv.Atoi(v)
			}
		case matrixEvCellStart:
			if depth == 1 {
				cells = append(cells, matrixCell{span: 1})
				cell = &cells[len(cells)-1]
			}
		case matrixEvGridSpan:
			if depth == 1 && cell != nil {
				v, _ := matrixAttr(attrs, "val")
				if n, err := strconv.Atoi(v); err == nil && n > 1 {
					cell.span = n
				}
			}
		case matrixEvVMerge:
			if depth == 1 && cell != nil {
				v, _ := matrixAttr(attrs, "val")
				cell.vcontinue = v != "restart"
			}
		case matrixEvPara:
			switch {
			case depth == 0:
				p.learn(text) // text around the table may name the State and session
			case cell != nil:
				cell.paras = append(cell.paras, text) // nested tables' text joins the cell
			}
		case matrixEvCellEnd:
			if depth == 1 {
				cell = nil
			}
		case matrixEvRowEnd:
			if depth == 1 {
				return p.tableRow(cells, gridBefore)
			}
		}
		return nil
	})
	if err != nil {
		var fe *record.FormatError
		if errors.As(err, &fe) {
			return err
		}
		if _, ok := err.(*xml.SyntaxError); ok || errors.Is(err, io.ErrUnexpectedEOF) {
			return matrixNotDocx(err)
		}
		return err // the emit callback's own error
	}
	return nil
}

// tableRow handles one row of a top-level table: a header row, a section row or a
// recommendation.
func (p *matrixParser) tableRow(cells []matrixCell, gridBefore int) error {
	p.row++
	byGrid := make(map[int]matrixCell, len(cells))
	g := gridBefore
	for _, c := range cells {
		if c.vcontinue && p.prevRow != nil {
			if above, ok := p.prevRow[g]; ok {
				c.paras = above.paras
			}
		}
		byGrid[g] = c
		g += c.span
	}
	p.prevRow = byGrid

	if cols, heads, ok := matrixHeaderRow(byGrid); ok {
		p.cols, p.heads, p.found = cols, heads, true
		return nil
	}
	if p.cols == nil || len(cells) < 2 {
		return nil // before any header, or a heading spanning the table
	}

	var recParas, posParas, themeParas, sdgParas []string
	for g, c := range byGrid {
		switch p.cols[g] {
		case matrixColRecommendation:
			recParas = c.paras
		case matrixColPosition:
			posParas = c.paras
		case matrixColThemes:
			themeParas = c.paras
		case matrixColSDGs:
			sdgParas = c.paras
		}
	}
	text, source1 := matrixSplitSource(recParas)
	posText, source2 := matrixSplitSource(posParas)
	if posText == "" && !matrixStartsWithNumber(text) {
		return nil // a section heading, an empty row or a note
	}
	rec := record.Record{
		Row:            p.row,
		StateName:      p.info.StateName,
		Mechanism:      record.MechanismUPR,
		Body:           "UPR",
		Cycle:          p.info.Cycle,
		Session:        p.info.Session,
		Text:           text,
		Type:           record.TypeRecommendation,
		PositionSource: source1,
	}
	if rec.PositionSource == "" {
		rec.PositionSource = source2
	}
	if rec.Cycle == 0 && rec.Session > 0 {
		rec.Cycle = UPRCycleForSession(rec.Session)
	}
	if sym := matrixSymbol(rec.PositionSource); sym != "" {
		rec.DocumentSymbol = sym
		if p.info.DocumentSymbol == "" {
			p.info.DocumentSymbol = sym
		}
	} else {
		rec.DocumentSymbol = p.info.DocumentSymbol
	}
	rec.Themes, rec.AffectedPersons, rec.SDGTargets = matrixThemes(themeParas)
	for _, l := range matrixLines(sdgParas) {
		rec.SDGTargets = matrixAddSDG(rec.SDGTargets, l)
	}

	var rowErrs []*record.RowError
	if pos, ok := matrixPosition(posText); ok {
		rec.Position = pos
	} else {
		rowErrs = append(rowErrs, &record.RowError{Row: p.row, Column: p.heads[matrixColPosition],
			MessageID: "Import.Error.PositionUnknown", Data: map[string]any{"Value": posText}})
	}
	if text == "" {
		col := p.heads[matrixColRecommendation]
		rowErrs = append(rowErrs, &record.RowError{Row: p.row, Column: col,
			MessageID: "Import.Error.Required", Data: map[string]any{"Column": col}})
	}
	if len(rowErrs) > 0 {
		for _, re := range rowErrs {
			if err := p.emit(record.Record{Row: p.row}, re); err != nil {
				return err
			}
		}
		return nil
	}
	p.info.Recommendations++
	return p.emit(rec, nil)
}

// matrixHeaderRow recognises a header row by its keywords and maps its grid columns to
// roles; it needs at least a recommendation and a position column.
func matrixHeaderRow(byGrid map[int]matrixCell) (map[int]int, map[int]string, bool) {
	cols, heads := map[int]int{}, map[int]string{}
	for g, c := range byGrid {
		h := matrixCollapse(strings.Join(c.paras, " "))
		k := strings.ToLower(h)
		role := matrixColNone
		switch {
		case len(k) > 80:
			// a header is short; a recommendation that mentions "position" is not one
		case strings.Contains(k, "sdg"):
			role = matrixColSDGs
		case strings.Contains(k, "theme"):
			role = matrixColThemes
		case strings.Contains(k, "position"):
			role = matrixColPosition
		case strings.Contains(k, "recommendation"):
			role = matrixColRecommendation
		}
		if role != matrixColNone {
			if _, dup := heads[role]; !dup {
				cols[g], heads[role] = role, h
			}
		}
	}
	rec, okRec := heads[matrixColRecommendation]
	_, okPos := heads[matrixColPosition]
	// "115.3 Implement the recommendations … (Peru);" beside "Source of position: …"
	// is a short recommendation, not a header.
	return cols, heads, okRec && okPos && !matrixStartsWithNumber(rec)
}

var matrixSourceRE = regexp.MustCompile(`(?i)source\s+of\s+position\s*:?\s*`)

// matrixSplitSource joins a cell's paragraphs into one line of text, taking out a
// "Source of position: …" citation wherever it stands.
func matrixSplitSource(paras []string) (text, source string) {
	var parts []string
	for _, para := range paras {
		if loc := matrixSourceRE.FindStringIndex(para); loc != nil {
			if source == "" {
				source = matrixCollapse(para[loc[1]:])
			}
			para = para[:loc[0]]
		}
		if t := matrixCollapse(para); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " "), source
}

// matrixCollapse trims a text and turns each run of white space (line breaks included)
// into one space.
func matrixCollapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) && r != '\u00a0'
	}), " ")
}

var matrixNumberRE = regexp.MustCompile(`^\d+(\.\d+)*\.?\s`)

func matrixStartsWithNumber(s string) bool { return matrixNumberRE.MatchString(s + " ") }

// matrixPosition reads a position cell. Empty is no position (a matrix made before the
// State answered); "Supported/Noted" and the like — part supported, part noted — are
// partially supported; "Rejected", the word of early cycles, is noted.
func matrixPosition(s string) (string, bool) {
	k := strings.ToLower(s)
	sup := strings.Contains(k, "support") || strings.Contains(k, "accept")
	not := strings.Contains(k, "noted") || strings.Contains(k, "reject")
	switch {
	case strings.TrimSpace(k) == "":
		return record.PositionNone, true
	case strings.Contains(k, "partial") || strings.Contains(k, "in part") || (sup && not):
		return record.PositionPartial, true
	case sup:
		return record.PositionSupported, true
	case not:
		return record.PositionNoted, true
	}
	return "", false
}

var matrixSymbolRE = regexp.MustCompile(`\b[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+)+`)
var matrixAddRE = regexp.MustCompile(`(?i)/Add\.?\d*$`)

// matrixSymbol takes the working group report's symbol from a citation:
// "A/HRC/40/6/Add.1 - Para. 2" and "A/HRC/43/15 - Para 121" give "A/HRC/40/6" and
// "A/HRC/43/15".
func matrixSymbol(citation string) string {
	s := strings.TrimRight(matrixSymbolRE.FindString(citation), ".-")
	return matrixAddRE.ReplaceAllString(s, "")
}

// matrixLines splits paragraphs into trimmed, non-empty lines without their bullets.
func matrixLines(paras []string) []string {
	var out []string
	for _, para := range paras {
		for _, l := range strings.Split(para, "\n") {
			l = matrixCollapse(l)
			for _, b := range []string{"- ", "– ", "• ", "· ", "-", "•"} {
				if strings.HasPrefix(l, b) {
					l = strings.TrimSpace(l[len(b):])
					break
				}
			}
			if l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

// matrixThemes splits a themes cell: theme lines first, then parts introduced by
// "Affected persons:" / "Groups of persons:" and "SDGs:".
func matrixThemes(paras []string) (themes, persons, sdgs []string) {
	target := &themes
	for _, l := range matrixLines(paras) {
		head, rest, isHead := strings.Cut(l, ":")
		if isHead {
			switch uprInfoHeaderKey(head) {
			case "affectedpersons", "personsaffected", "groupsofpersons", "groupsofpersonsaffected":
				target = &persons
			case "sdgs", "sdg", "relevantsdgs":
				target = &sdgs
			default:
				isHead = false
			}
		}
		if isHead {
			l = strings.TrimSpace(rest)
			if l == "" {
				continue
			}
		}
		if target == &sdgs {
			sdgs = matrixAddSDG(sdgs, l)
		} else {
			*target = append(*target, l)
		}
	}
	return themes, persons, sdgs
}

var matrixSDGRE = regexp.MustCompile(`(?i)^(?:(?:SDG|Goal|Target)s?\s*)?(\d{1,2})(?:\.(\d{1,2}|[a-z]))?(?:$|[^\w.])`)

// matrixAddSDG appends the SDG codes a line names, once each: its leading code
// ("16.2 - Protect children …", "16 - PEACE, JUSTICE …", "Goal 16", "SDG 5.a"), and
// further codes when the line is a list of them ("16.2, 16.3").
func matrixAddSDG(codes []string, line string) []string {
	for i, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		m := matrixSDGRE.FindStringSubmatch(part)
		if m == nil {
			if i == 0 {
				return codes
			}
			continue
		}
		if i > 0 && len(strings.TrimSpace(part)) > len(strings.TrimRight(m[0], " -–")) {
			continue // words after a comma: part of a title, not another code
		}
		goal, _ := strconv.Atoi(m[1])
		if goal < 1 || goal > 17 {
			continue
		}
		code := strconv.Itoa(goal)
		if m[2] != "" {
			code += "." + strings.ToLower(m[2])
		}
		dup := false
		for _, c := range codes {
			dup = dup || c == code
		}
		if !dup {
			codes = append(codes, code)
		}
	}
	return codes
}

var (
	matrixStateRE   = regexp.MustCompile(`(?i)\bUPR\s+of\s+(?:the\s+)?([^()\d:,]+?)\s*(?:\(|\s[-–—]\s|[:,]|$)`)
	matrixUPRRE     = regexp.MustCompile(`(?i)\bUPR\b|universal\s+periodic\s+review`)
	matrixCycleRE   = regexp.MustCompile(`(?i)\b(\d{1,2})\s*(?:st|nd|rd|th)?\s+cycle\b`)
	matrixSessionRE = regexp.MustCompile(`(?i)\b(\d{1,3})\s*(?:st|nd|rd|th)?\s+session\b`)
)

// learn takes the State, cycle and session from a line such as
// "UPR of Slovenia (2nd Cycle – 20th session)", keeping what it found first.
func (p *matrixParser) learn(line string) {
	line = matrixCollapse(line)
	if !matrixUPRRE.MatchString(line) {
		return // "59th session of the Human Rights Council" is not the review's session
	}
	if p.info.StateName == "" {
		if m := matrixStateRE.FindStringSubmatch(line); m != nil {
			p.info.StateName = strings.TrimSpace(m[1])
		}
	}
	if p.info.Cycle == 0 {
		if m := matrixCycleRE.FindStringSubmatch(line); m != nil {
			p.info.Cycle, _ = strconv.Atoi(m[1])
		}
	}
	if p.info.Session == 0 {
		if m := matrixSessionRE.FindStringSubmatch(line); m != nil {
			p.info.Session, _ = strconv.Atoi(m[1])
		}
	}
}
