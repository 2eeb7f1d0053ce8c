package recommendation

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// MatchingIDs returns, in id order, up to limit ids above after of the recommendations
// matching f: keyset pages of a filtered list, for the open-data API. It runs in the
// caller's transaction, so the page and the records read for it agree.
func MatchingIDs(ctx context.Context, tx pgx.Tx, tenantID int64, f Filter, after int64, limit int) ([]int64, error) {
	where, args := f.where()
	args[0] = tenantID
	args = append(args, after, limit)
	rows, err := tx.Query(ctx, `SELECT r.id `+fromFiltered+` WHERE `+where+
		fmt.Sprintf(` AND r.id > $%d ORDER BY r.id LIMIT $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("matching ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if ids == nil {
		ids = []int64{} // none match: an empty list, not "no filter"
	}
	return ids, err
}
