package importer_test

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/nmrf-platform/nmrf/internal/db"
	"os"
	"path/filepath"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/reference"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

func setup(t *testing.T) (*dbtest.DB, *importer.Service, tenancy.Tenant) {
	t.Helper()
	d := dbtest.New(t)
	st, err := tenancy.NewStore(d.App).Create(context.Background(), tenancy.NewTenant{Code: "SVN", Name: "Slovenia", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return d, importer.NewService(d.App), st
}

func load(t *testing.T, parts ...string) importer.Input {
	t.Helper()
	path := shareddata.Path(t, parts...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return importer.Input{Filename: filepath.Base(path), Format: importer.DetectFormat(path, data), Data: data}
}

// The Slovenia matrices give the counts OHCHR published, and importing them again adds
// nothing.
func TestImportSloveniaMatrices(t *testing.T) {
	t.Parallel()
	d, svc, st := setup(t)
	ctx := context.Background()
	cases := []struct {
		file                    string
		total, supported, noted int
	}{
		{"slovenia-upr20-cycle2.docx", 163, 142, 21},
		{"slovenia-upr34-cycle3.docx", 215, 182, 33},
		{"slovenia-upr48-cycle4.docx", 254, 217, 37},
	}
	for _, c := range cases {
		in := load(t, "ohchr-matrices", c.file)
		if in.Format != importer.FormatMatrix {
			t.Fatalf("%s detected as %q", c.file, in.Format)
		}
		res, err := svc.Run(ctx, st.ID, 0, st.Code, in, importer.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if res.New != c.total || res.Counts.Errors != 0 {
			t.Errorf("%s: %s (rows %d, merged %d), want %d new and no errors; errors: %v", c.file, res.Summary(), res.Rows, res.Merged, c.total, res.Errors)
		}
	}
	var total, supported, noted, docs int
	inState(t, d, st.ID, `SELECT count(*), count(*) FILTER (WHERE position = 'supported'), count(*) FILTER (WHERE position = 'noted'),
		(SELECT count(*) FROM documents) FROM recommendations`, &total, &supported, &noted, &docs)
	if total != 163+215+254 || supported != 142+182+217 || noted != 21+33+37 {
		t.Errorf("database holds %d (%d supported, %d noted), want 632 (541, 91)", total, supported, noted)
	}
	if docs != 3 {
		t.Errorf("%d documents, want one per review (3)", docs)
	}
	for _, c := range cases {
		res, err := svc.Run(ctx, st.ID, 0, st.Code, load(t, "ohchr-matrices", c.file), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 0 || res.Updated != 0 || res.Unchanged != c.total {
			t.Errorf("re-import %s: %s, want all %d unchanged", c.file, res.Summary(), c.total)
		}
	}
}

// UPR Info files hold many States: only Slovenia's rows are imported, the rest counted
// as skipped; a second import changes nothing.
func TestImportUPRInfoForSlovenia(t *testing.T) {
	t.Parallel()
	d, svc, st := setup(t)
	ctx := context.Background()
	in := load(t, "upr-info", "6-9.csv")
	if in.Format != importer.FormatUPRInfo {
		t.Fatalf("detected as %q", in.Format)
	}
	preview, err := svc.Run(ctx, st.ID, 0, st.Code, in, importer.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	inState(t, d, st.ID, `SELECT count(*) FROM recommendations`, &n)
	if n != 0 {
		t.Fatalf("a dry run wrote %d recommendations", n)
	}
	res, err := svc.Run(ctx, st.ID, 0, st.Code, in, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != preview.Counts {
		t.Errorf("the preview (%s) differs from the import (%s)", preview.Summary(), res.Summary())
	}
	if res.Rows != 8343 || res.Skipped != 8343-106 || res.New+res.Merged != 106 || res.Counts.Errors != 0 {
		t.Errorf("6-9.csv: %s, rows %d merged %d; want 8343 rows, 106 of Slovenia", res.Summary(), res.Rows, res.Merged)
	}
	var accepted, noted int
	inState(t, d, st.ID, `SELECT count(*) FILTER (WHERE position = 'supported'), count(*) FILTER (WHERE position = 'noted') FROM recommendations`, &accepted, &noted)
	t.Logf("Slovenia from UPR Info 6-9: %s; %d supported, %d noted, %d rows merged as one recommendation from several States", res.Summary(), accepted, noted, res.Merged)
	again, err := svc.Run(ctx, st.ID, 0, st.Code, in, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Updated != 0 || again.Unchanged != res.New {
		t.Errorf("re-import: %s, want %d unchanged", again.Summary(), res.New)
	}
}

// inState runs a query as the app role inside one State.
func inState(t *testing.T, d *dbtest.DB, tenantID int64, sql string, dst ...any) {
	t.Helper()
	err := db.InTenant(context.Background(), d.App, tenantID, 0, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), sql).Scan(dst...)
	})
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// A platform operator's multi-State import gives each State its rows, merged as a
// single-State import would: importing one State's rows again afterwards changes nothing.
func TestImportAllStatesMatchesSingleState(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	store := tenancy.NewStore(d.App)
	var che, gbr tenancy.Tenant
	for _, n := range []tenancy.NewTenant{{Code: "CHE", Name: "Switzerland", Language: "fr"}, {Code: "GBR", Name: "United Kingdom", Language: "en"}} {
		tn, err := store.Create(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if n.Code == "CHE" {
			che = tn
		} else {
			gbr = tn
		}
	}
	svc := importer.NewService(d.App)
	in := load(t, "upr-info", "1-5.csv")
	res, per, err := svc.RunAllStates(ctx, in, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(per) != 2 || res.Skipped == 0 {
		t.Fatalf("%s for %d States, want rows for 2 and the others skipped", res.Summary(), len(per))
	}
	for _, tn := range []tenancy.Tenant{che, gbr} {
		again, err := svc.Run(ctx, tn.ID, 0, tn.Code, in, importer.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if again.New != 0 || again.Updated != 0 || again.Unchanged == 0 {
			t.Errorf("%s after the multi-State import: %s, want all unchanged", tn.Code, again.Summary())
		}
	}
}

// A UHRI export into States that had no recommendations takes the bulk path (no lookup
// of earlier rows per batch): every annotation becomes one recommendation, and the same
// file again, for all States or for one, changes nothing.
func TestImportAllStatesUHRIAgainChangesNothing(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	store := tenancy.NewStore(d.App)
	countries := reference.Countries()
	var tenants []tenancy.Tenant
	for _, c := range countries[:3] {
		tn, err := store.Create(ctx, tenancy.NewTenant{Code: c.ISO3, Name: c.Name.EN, Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		tenants = append(tenants, tn)
	}
	path := filepath.Join(t.TempDir(), "uhri.json")
	const rows = 193 * 20 // 20 annotations for each State, some at the same place in the same document
	writeSyntheticUHRI(t, path, rows)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := importer.Input{Filename: "uhri.json", Format: importer.FormatUHRIJSON, Data: data}
	svc := importer.NewService(d.App)
	first, per, err := svc.RunAllStates(ctx, in, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.New != 3*20 || len(per) != 3 || first.Skipped != rows-3*20 {
		t.Fatalf("first import: %s for %d States, want 60 new for 3", first.Summary(), len(per))
	}
	again, _, err := svc.RunAllStates(ctx, in, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Updated != 0 || again.Unchanged != 60 {
		t.Errorf("the same file again: %s, want 60 unchanged", again.Summary())
	}
	one, err := svc.Run(ctx, tenants[1].ID, 0, tenants[1].Code, in, importer.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if one.New != 0 || one.Updated != 0 || one.Unchanged != 20 {
		t.Errorf("%s alone afterwards: %s, want 20 unchanged", tenants[1].Code, one.Summary())
	}
	var n int
	inState(t, d, tenants[2].ID, `SELECT count(DISTINCT external_id) FROM recommendations`, &n)
	if n != 20 {
		t.Errorf("%s has %d annotations, want 20", tenants[2].Code, n)
	}
}
