package importer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/dbtest"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/reference"
	"github.com/nmrf-platform/nmrf/internal/shareddata"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// everyState makes every UN Member State a tenant, as a platform serving all would.
func everyState(b *testing.B, d *dbtest.DB) {
	b.Helper()
	store := tenancy.NewStore(d.App)
	for _, c := range reference.Countries() {
		if _, err := store.Create(context.Background(), tenancy.NewTenant{Code: c.ISO3, Name: c.Name.EN, Language: "en"}); err != nil {
			b.Fatal(err)
		}
	}
}

// peakHeap samples the heap in use while fn runs and reports its peak in MB.
func peakHeap(b *testing.B, fn func()) {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
}

// cpuSeconds is the processor time used so far by this process and by the database
// server's processes serving d's database (read from /proc on the same machine; zero
// where that is not possible). Processor time, unlike elapsed time, hardly changes when
// other work shares the machine, so the two together show where an import's time goes.
func cpuSeconds(b *testing.B, d *dbtest.DB) (self, db float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		self = float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
	}
	rows, err := d.Owner.Query(context.Background(), `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
	if err != nil {
		b.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		b.Fatal(err)
	}
	for _, pid := range pids {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue // another machine, or a process that has just ended
		}
		// Fields 14 and 15, after the command name in parentheses: user and system ticks.
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) > 13 {
			u, _ := strconv.ParseFloat(f[11], 64)
			s, _ := strconv.ParseFloat(f[12], 64)
			db += (u + s) / 100 // USER_HZ is 100 on Linux
		}
	}
	return self, db
}

// reportCPU adds the processor seconds fn used, in this process and in the database.
func reportCPU(b *testing.B, d *dbtest.DB, fn func()) {
	self0, db0 := cpuSeconds(b, d)
	fn()
	self1, db1 := cpuSeconds(b, d)
	b.ReportMetric(self1-self0, "go-cpu-s")
	b.ReportMetric(db1-db0, "db-cpu-s")
}

// The three UPR Info sample files (15,384 rows, 143 States) into a platform where every
// State is a tenant, as one multi-State import.
func BenchmarkImportUPRInfoAllStates(b *testing.B) {
	files := []string{"1-5.csv", "6-9.csv", "voluntary.csv"}
	var inputs []importer.Input
	for _, f := range files {
		data, err := os.ReadFile(shareddata.Path(b, "upr-info", f))
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, importer.Input{Filename: f, Format: importer.FormatUPRInfo, Data: data})
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := dbtest.New(b)
		everyState(b, d)
		svc := importer.NewService(d.App)
		b.StartTimer()
		rows := 0
		peakHeap(b, func() {
			for _, in := range inputs {
				res, _, err := svc.RunAllStates(context.Background(), in, importer.Options{})
				if err != nil {
					b.Fatal(err)
				}
				rows += res.Rows
			}
		})
		if rows != 15384 {
			b.Fatalf("%d rows read, want 15,384", rows)
		}
	}
}

// A synthetic UHRI JSON export of 250,000 recommendations across the 193 States, imported
// once by a platform operator.
var benchRows = 250000

func BenchmarkImportUHRIJSON250k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "uhri.json")
	writeSyntheticUHRI(b, path, benchRows)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := dbtest.New(b)
		everyState(b, d)
		svc := importer.NewService(d.App)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		st, _ := f.Stat()
		runtime.GC()
		b.StartTimer()
		reportCPU(b, d, func() {
			peakHeap(b, func() {
				res, per, err := svc.RunAllStates(context.Background(), importer.Input{Filename: "uhri.json", Format: importer.FormatUHRIJSON, File: f, FileSize: st.Size()}, importer.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if res.New != benchRows || len(per) != 193 {
					b.Fatalf("%s across %d States, want 250,000 new across 193", res.Summary(), len(per))
				}
			})
		})
		f.Close()
	}
}

func writeSyntheticUHRI(b testing.TB, path string, n int) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	states := reference.Countries()
	bodies := []string{"UPR", "Committee on the Elimination of Discrimination against Women", "Committee on the Rights of the Child",
		"Committee against Torture", "Special Rapporteur on the right to food"}
	themes := []string{"Women's rights", "Rights of the child", "Torture and other cruel, inhuman or degrading treatment",
		"National human rights institutions", "Right to food", "Migrants", "Persons with disabilities"}
	w.WriteString("[")
	enc := json.NewEncoder(w)
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",")
		}
		st := states[i%193]
		body := bodies[i%len(bodies)]
		symbol := fmt.Sprintf("A/HRC/%d/%d", 20+i%30, 10+i%40)
		if body != "UPR" {
			symbol = fmt.Sprintf("CEDAW/C/%s/CO/%d", st.ISO3, 1+i%9)
		}
		obj := map[string]any{
			"AnnotationId":           fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i),
			"AnnotationType":         []string{"Recommendations"},
			"Body":                   body,
			"Countries":              []string{st.Name.EN},
			"Symbol":                 symbol,
			"PublicationDate":        "2019-03-15",
			"Text":                   fmt.Sprintf("%d.%d Take all necessary measures to strengthen the protection of the rights of everyone concerned, including through legislation, adequate resources, training of officials and regular monitoring of implementation with the participation of civil society, and report on progress in the next review (recommendation number %d).", 100+i%50, i%300, i),
			"Themes":                 []string{themes[i%len(themes)], themes[(i/7)%len(themes)]},
			"AffectedPersons":        []string{"women", "children"},
			"Sdgs":                   []string{"5.2 - Eliminate all forms of violence against all women and girls", "16.3 - Promote the rule of law"},
			"UprSession":             20 + i%30,
			"UprPositions":           []string{"Supported"},
			"UprRecommendingCountry": []string{states[(i+7)%193].Name.EN},
		}
		if err := enc.Encode(obj); err != nil {
			b.Fatal(err)
		}
	}
	w.WriteString("]")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
}
