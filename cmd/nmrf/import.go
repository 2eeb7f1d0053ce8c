package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/nmrf-platform/nmrf/internal/config"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// importFiles is `nmrf import --state XAR [--format F] [--dry-run] [--skip-errors] FILE…`:
// one summary line per file; a file with row errors imports nothing unless
// --skip-errors says to leave its bad rows out.
func importFiles(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("import")
	stateCode := fs.String("state", "", "the State whose recommendations these are (its code)")
	format := fs.String("format", "", "uhri_xlsx, uhri_json, upr_info_csv, ohchr_matrix_docx (default: detect)")
	dryRun := fs.Bool("dry-run", false, "count what would change, write nothing")
	skipErrors := fs.Bool("skip-errors", false, "import the good rows of files that have bad ones")
	allStates := fs.Bool("all-states", false, "a multi-State file (UHRI export): each State on the platform receives its own rows")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*stateCode == "") == !*allStates || fs.NArg() == 0 {
		return errors.New("usage: nmrf import (--state XAR | --all-states) [--format F] [--dry-run] [--skip-errors] FILE…")
	}
	if *format != "" && (!importer.ValidFormat(*format) || importer.NeedsMapping(*format)) {
		return fmt.Errorf("--format %s: use uhri_xlsx, uhri_json, upr_info_csv or ohchr_matrix_docx (generic files are mapped in the browser)", *format)
	}
	cfg, err := config.Load(nil, config.Need{Database: true})
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.close()
	var t tenancy.Tenant
	if !*allStates {
		if t, err = a.tenants.ByCode(ctx, *stateCode); err != nil {
			return fmt.Errorf("--state %s: no such State", *stateCode)
		}
	}
	loc := a.bundle.Localizer("en")
	failed := 0
	for _, path := range fs.Args() {
		in, closeFile, err := openInput(path)
		if err != nil {
			return err
		}
		if *format != "" {
			in.Format = *format
		}
		if in.Format == "" || importer.NeedsMapping(in.Format) {
			closeFile()
			fmt.Fprintf(out, "%s: format not recognised; give --format\n", path)
			failed++
			continue
		}
		opts := importer.Options{DryRun: *dryRun, SkipErrors: *skipErrors}
		var res importer.Result
		if *allStates {
			var per []importer.StateCounts
			res, per, err = a.importer.RunAllStates(ctx, in, opts)
			if err == nil {
				fmt.Fprintf(out, "%s: %d States received rows\n", path, len(per))
			}
		} else {
			res, err = a.importer.Run(ctx, t.ID, 0, t.Code, in, opts)
		}
		closeFile()
		var fe *importer.FileError
		switch {
		case errors.As(err, &fe):
			fmt.Fprintf(out, "%s: %s\n", path, loc.T(fe.MessageID, fe.Data))
			failed++
			continue
		case err != nil && res.Counts.Errors > 0:
			fmt.Fprintf(out, "%s: %s — nothing imported; fix the rows or use --skip-errors\n", path, res.Summary())
			for _, e := range res.Errors {
				fmt.Fprintf(out, "  row %d, %s: %s\n", e.Row, e.Column, loc.T(e.MessageID, e.Data))
			}
			failed++
			continue
		case err != nil:
			return err
		}
		fmt.Fprintf(out, "%s: %s\n", path, res.Summary())
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not imported", failed, fs.NArg())
	}
	return nil
}

// openInput opens a file to be read in place, with its format detected from its name
// and first bytes.
func openInput(path string) (importer.Input, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return importer.Input{}, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return importer.Input{}, nil, err
	}
	head := make([]byte, 64<<10)
	n, _ := f.ReadAt(head, 0)
	in := importer.Input{Filename: filepath.Base(path), File: f, FileSize: st.Size(),
		Format: importer.DetectFormat(path, head[:n])}
	return in, func() { f.Close() }, nil
}
