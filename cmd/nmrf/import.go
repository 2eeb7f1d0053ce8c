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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *stateCode == "" || fs.NArg() == 0 {
		return errors.New("usage: nmrf import --state XAR [--format F] [--dry-run] [--skip-errors] FILE…")
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
	t, err := a.tenants.ByCode(ctx, *stateCode)
	if err != nil {
		return fmt.Errorf("--state %s: no such State", *stateCode)
	}
	loc := a.bundle.Localizer("en")
	failed := 0
	for _, path := range fs.Args() {
		data, err := readLimited(path)
		if err != nil {
			return err
		}
		f := *format
		if f == "" {
			if f = importer.DetectFormat(path, data); f == "" || importer.NeedsMapping(f) {
				fmt.Fprintf(out, "%s: format not recognised; give --format\n", path)
				failed++
				continue
			}
		}
		res, err := a.importer.Run(ctx, t.ID, 0, t.Code, importer.Input{Filename: filepath.Base(path), Format: f, Data: data},
			importer.Options{DryRun: *dryRun, SkipErrors: *skipErrors})
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

func readLimited(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > importer.MaxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d MB", path, importer.MaxFileBytes>>20)
	}
	return os.ReadFile(path)
}
