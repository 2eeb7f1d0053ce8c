package components

import "strings"

func describedBy(f Field) string {
	var ids []string
	if f.HintMsgID != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.ErrorMsgID != "" {
		ids = append(ids, f.ID()+"-error")
	}
	return strings.Join(ids, " ")
}
