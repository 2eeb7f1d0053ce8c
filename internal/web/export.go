package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/templates/pages/recs"
)

// exportColumn is one column a person may choose for the export, with how to fill it.
type exportColumn struct {
	Key, MsgID string
	Value      func(r *http.Request, x recommendation.ExportRow) string
}

var exportColumns = []exportColumn{
	{"cluster", "Recs.Col.Cluster", func(r *http.Request, x recommendation.ExportRow) string {
		if x.Cluster == "" {
			return tr(r, "Rec.NoCluster")
		}
		return x.Cluster
	}},
	{"source", "Recs.Col.Source", func(r *http.Request, x recommendation.ExportRow) string { return source(r, x.Summary) }},
	{"mechanism", "Recs.Filter.Mechanism", func(r *http.Request, x recommendation.ExportRow) string { return tr(r, mechanismMsgID(x.Mechanism)) }},
	{"body", "Recs.Filter.Body", func(r *http.Request, x recommendation.ExportRow) string { return bodyName(r, x.Body) }},
	{"document", "Recs.Filter.Document", func(_ *http.Request, x recommendation.ExportRow) string { return x.Symbol }},
	{"paragraph", "Recs.Col.Paragraph", func(_ *http.Request, x recommendation.ExportRow) string { return x.Paragraph }},
	{"text", "Recs.Col.Text", func(_ *http.Request, x recommendation.ExportRow) string { return x.Text }},
	{"states", "Rec.RecommendingStates", func(r *http.Request, x recommendation.ExportRow) string {
		return strings.Join(stateNames(r, x.RecommendingStates), "; ")
	}},
	{"position", "Recs.Col.Position", func(r *http.Request, x recommendation.ExportRow) string {
		if id := positionMsgID(x.Position); id != "" {
			return tr(r, id)
		}
		return ""
	}},
	{"type", "Recs.Filter.Type", func(r *http.Request, x recommendation.ExportRow) string { return tr(r, typeMsgID(x.Type)) }},
	{"themes", "Recs.Filter.Theme", func(_ *http.Request, x recommendation.ExportRow) string { return strings.Join(x.Themes, "; ") }},
	{"persons", "Recs.Filter.Person", func(_ *http.Request, x recommendation.ExportRow) string { return strings.Join(x.Persons, "; ") }},
	{"sdgs", "Recs.Filter.SDG", func(_ *http.Request, x recommendation.ExportRow) string { return strings.Join(x.SDGs, "; ") }},
	{"lead", "Recs.Col.Lead", func(_ *http.Request, x recommendation.ExportRow) string { return x.LeadEntity }},
	{"supporting", "Rec.Supporting", func(_ *http.Request, x recommendation.ExportRow) string { return strings.Join(x.Supporting, "; ") }},
	{"gender", "Recs.Filter.Gender", func(r *http.Request, x recommendation.ExportRow) string { return tr(r, genderMsgID(x.GenderMarker)) }},
	// The government's status and the NHRI's assessment, side by side.
	{"status", "Assess.Government", func(r *http.Request, x recommendation.ExportRow) string { return tr(r, statusMsgID(x.Status)) }},
	{"nhri_status", "Assess.NHRI", func(r *http.Request, x recommendation.ExportRow) string {
		if x.NHRIStatus == "" {
			return ""
		}
		return tr(r, statusMsgID(x.NHRIStatus))
	}},
	{"nhri_comment", "Assess.NHRIComment", func(_ *http.Request, x recommendation.ExportRow) string { return x.NHRIComment }},
}

// defaultExport are the columns when the person does not choose.
var defaultExport = []string{"cluster", "source", "paragraph", "text", "states", "position", "lead", "status", "nhri_status"}

// export downloads the filtered list, grouped by cluster, as CSV or XLSX, with the
// page's labels in the person's language; ?choose=1 shows the column choice first.
func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := recommendation.ParseFilter(q)
	if q.Get("choose") == "1" {
		v := recs.ExportView{Base: base(r), Filter: f.Values()}
		for _, c := range exportColumns {
			v.Columns = append(v.Columns, recs.Choice{Value: c.Key, Label: tr(r, c.MsgID), Selected: contains(defaultExport, c.Key)})
		}
		s.render(w, r, http.StatusOK, recs.ExportChoose(v))
		return nil
	}
	format := q.Get("format")
	if format != "csv" && format != "xlsx" {
		return fault.New(fault.Invalid, "Export.FormatUnknown")
	}
	chosen := q["col"]
	if len(chosen) == 0 {
		chosen = defaultExport
	}
	var cols []exportColumn
	for _, c := range exportColumns {
		if contains(chosen, c.Key) {
			cols = append(cols, c)
		}
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	rows, err := s.Recs.Export(r.Context(), ws.Tenant.ID, u.ID, f)
	if err != nil {
		return err
	}
	table := make([][]string, 0, len(rows)+1)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = tr(r, c.MsgID)
	}
	table = append(table, header)
	for _, x := range rows {
		line := make([]string, len(cols))
		for i, c := range cols {
			line[i] = c.Value(r, x)
		}
		table = append(table, line)
	}
	name := strings.ToLower(ws.Tenant.Code) + "-recommendations-" + time.Now().UTC().Format("2006-01-02") + "." + format
	var buf bytes.Buffer
	if format == "csv" {
		buf.WriteString("\ufeff") // so spreadsheet programs read the UTF-8 as UTF-8
		cw := csv.NewWriter(&buf)
		for _, line := range table {
			_ = cw.Write(neutralise(line))
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		if err := writeXLSX(&buf, tr(r, "Recs.Title"), table); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	setAttachment(w, name)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// neutralise keeps a cell that starts like a formula from running as one when the CSV
// is opened in a spreadsheet.
func neutralise(line []string) []string {
	for i, v := range line {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			line[i] = "'" + v
		}
	}
	return line
}

func writeXLSX(buf *bytes.Buffer, sheet string, table [][]string) error {
	x := excelize.NewFile()
	defer x.Close()
	if len([]rune(sheet)) > 31 {
		sheet = string([]rune(sheet)[:31])
	}
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, line := range table {
		cells := make([]any, len(line))
		for j, v := range line {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(buf)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
