package state

// placed is a segment with its position on a 690-unit bar.
type placed struct {
	Segment
	X, W int
}

// segmentsWithOffsets lays a bar's non-empty segments end to end.
func segmentsWithOffsets(b Bar) []placed {
	var out []placed
	if b.Total == 0 {
		return out
	}
	x := 0
	for _, s := range b.Segments {
		if s.Count == 0 {
			continue
		}
		w := s.Count * 680 / b.Total
		if w < 2 {
			w = 2
		}
		out = append(out, placed{Segment: s, X: x, W: w})
		x += w
	}
	return out
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
