package advisory

import "strconv"

func intString(n int) string { return strconv.Itoa(n) }

func idString(n int64) string { return strconv.FormatInt(n, 10) }
