package consultation

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/progress"
)

// CommentInput is a comment or a reply. A reply (ParentID set) is about its parent's item.
type CommentInput struct {
	ItemKey  string // Item.Key of what the comment is about; ignored for a reply
	ParentID int64
	Body     string
	Filename string // the attached document, "" for none
	Data     []byte
}

const commentColumns = `cc.id, COALESCE(cc.parent_id, 0), cc.item_kind, cc.item_id, cc.author_id, u.name, COALESCE(m.role, ''),
  COALESCE(o.name, ''), cc.body, cc.hidden_at IS NOT NULL, cc.hidden_reason, COALESCE(cc.outcome, ''), cc.answer, cc.answered_at,
  cc.version, cc.created_at, COALESCE(f.filename, ''), COALESCE(f.size, 0)`

const commentFrom = `consultation_comments cc
JOIN users u ON u.id = cc.author_id
LEFT JOIN memberships m ON m.tenant_id = cc.tenant_id AND m.user_id = cc.author_id
LEFT JOIN organisation_members om ON om.tenant_id = cc.tenant_id AND om.user_id = cc.author_id
LEFT JOIN organisations o ON o.tenant_id = om.tenant_id AND o.id = om.organisation_id
LEFT JOIN consultation_files f ON f.tenant_id = cc.tenant_id AND f.comment_id = cc.id`

func scanComment(row pgx.Row) (Comment, error) {
	var c Comment
	err := row.Scan(&c.ID, &c.ParentID, &c.ItemKind, &c.ItemID, &c.AuthorID, &c.AuthorName, &c.AuthorRole, &c.AuthorOrg,
		&c.Body, &c.Hidden, &c.HiddenReason, &c.Outcome, &c.Answer, &c.AnsweredAt, &c.Version, &c.CreatedAt, &c.Filename, &c.FileSize)
	return c, err
}

// listComments returns a consultation's comments in order, replies under their comment.
// A hidden comment's text (and document) stays with the staff and its author.
func listComments(ctx context.Context, tx pgx.Tx, tenantID int64, actor Actor, consultationID int64) ([]Comment, error) {
	rows, err := tx.Query(ctx, `SELECT `+commentColumns+` FROM `+commentFrom+`
WHERE cc.tenant_id = $1 AND cc.consultation_id = $2 ORDER BY cc.created_at, cc.id`, tenantID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("comments: %w", err)
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Comment, error) { return scanComment(r) })
	if err != nil {
		return nil, fmt.Errorf("comments: %w", err)
	}
	var top []Comment
	index := map[int64]int{}
	for _, c := range all {
		if c.Hidden && !actor.staff() && c.AuthorID != actor.UserID {
			c.Body, c.Filename, c.FileSize = "", "", 0
		}
		if c.ParentID == 0 {
			index[c.ID] = len(top)
			top = append(top, c)
			continue
		}
		if i, ok := index[c.ParentID]; ok {
			top[i].Replies = append(top[i].Replies, c)
		}
	}
	return top, nil
}

// AddComment records a comment or a reply while the consultation is open. Outside its
// window it is refused (Forbidden, with a message saying why); a consultation the actor is
// not invited to is NotFound. The author of the comment replied to is told.
// link is the consultation's address.
func (s *Store) AddComment(ctx context.Context, tenantID int64, actor Actor, consultationID int64, in CommentInput, link string) (int64, error) {
	if !account.Can(actor.Role, account.CommentConsultations) {
		return 0, fault.New(fault.Forbidden, "")
	}
	in.Body = strings.TrimSpace(in.Body)
	f := fault.Fields{}
	if in.Body == "" || len([]rune(in.Body)) > MaxBody {
		f["body"] = "Comment.BodyInvalid"
	}
	var name, contentType string
	if in.Filename != "" || len(in.Data) > 0 {
		var err error
		if name, contentType, err = progress.CheckFile(in.Filename, in.Data); err != nil {
			for k, v := range fault.FieldsOf(err) {
				f[k] = v
			}
		}
	}
	var id int64
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		c, err := load(ctx, tx, tenantID, actor, consultationID, false)
		if err != nil {
			return err
		}
		switch c.Status {
		case Upcoming:
			return fault.New(fault.Forbidden, "Consultation.NotYetOpen")
		case Closed:
			return fault.New(fault.Forbidden, "Consultation.IsClosed")
		}
		var it Item
		var parentAuthor int64
		if in.ParentID != 0 {
			var grand *int64
			if err := tx.QueryRow(ctx, `
SELECT item_kind, item_id, author_id, parent_id FROM consultation_comments WHERE tenant_id = $1 AND id = $2 AND consultation_id = $3`,
				tenantID, in.ParentID, consultationID).Scan(&it.Kind, &it.ID, &parentAuthor, &grand); err != nil {
				return db.Classify(fmt.Errorf("parent comment: %w", err))
			}
			if grand != nil {
				return fault.New(fault.Invalid, "Comment.ReplyToReply")
			}
		} else {
			list, err := items(ctx, tx, tenantID, c)
			if err != nil {
				return err
			}
			var ok bool
			if it, ok = inScope(list, in.ItemKey); !ok {
				f["item"] = "Comment.ItemInvalid"
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `
INSERT INTO consultation_comments (tenant_id, consultation_id, parent_id, item_kind, item_id, author_id, body)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			tenantID, consultationID, nullID(in.ParentID), it.Kind, it.ID, actor.UserID, in.Body).Scan(&id); err != nil {
			return fmt.Errorf("insert comment: %w", err)
		}
		if name != "" {
			if _, err := tx.Exec(ctx, `
INSERT INTO consultation_files (tenant_id, comment_id, filename, content_type, size, data) VALUES ($1, $2, $3, $4, $5, $6)`,
				tenantID, id, name, contentType, len(in.Data), in.Data); err != nil {
				return fmt.Errorf("insert file: %w", err)
			}
		}
		if parentAuthor != 0 && parentAuthor != actor.UserID {
			return s.tell(ctx, tx, tenantID, []int64{parentAuthor}, "Consultation.Notify.Reply", map[string]string{"Title": c.Title}, link)
		}
		return nil
	})
	return id, err
}

// commentFor reads one comment of a consultation the actor may read, with the
// consultation, locked when it is about to change.
func commentFor(ctx context.Context, tx pgx.Tx, tenantID int64, actor Actor, commentID int64) (Comment, Consultation, error) {
	var consultationID int64
	if err := tx.QueryRow(ctx, `SELECT consultation_id FROM consultation_comments WHERE tenant_id = $1 AND id = $2`,
		tenantID, commentID).Scan(&consultationID); err != nil {
		return Comment{}, Consultation{}, db.Classify(fmt.Errorf("comment %d: %w", commentID, err))
	}
	c, err := load(ctx, tx, tenantID, actor, consultationID, false)
	if err != nil {
		return Comment{}, Consultation{}, err
	}
	cm, err := scanComment(tx.QueryRow(ctx, `SELECT `+commentColumns+` FROM `+commentFrom+`
WHERE cc.tenant_id = $1 AND cc.id = $2 FOR UPDATE OF cc`, tenantID, commentID))
	if err != nil {
		return Comment{}, Consultation{}, db.Classify(err)
	}
	return cm, c, nil
}

// Hide takes an abusive comment out of view, with the staff's reason. Its text is kept:
// the staff and its author still read it, marked hidden; everyone else reads the reason.
func (s *Store) Hide(ctx context.Context, tenantID int64, actor Actor, commentID int64, version int, reason string) (int64, error) {
	if !actor.staff() {
		return 0, fault.New(fault.Forbidden, "")
	}
	reason = strings.TrimSpace(reason)
	var consultationID int64
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		cm, c, err := commentFor(ctx, tx, tenantID, actor, commentID)
		if err != nil {
			return err
		}
		// The consultation is known before the reason is checked, so the page can be
		// shown again with the message.
		consultationID = c.ID
		if reason == "" || len([]rune(reason)) > MaxReason {
			return fault.Fields{"reason": "Comment.HideReasonRequired"}.Err()
		}
		if cm.Version != version {
			return fault.New(fault.Conflict, "Comment.Stale")
		}
		_, err = tx.Exec(ctx, `
UPDATE consultation_comments SET hidden_at = COALESCE(hidden_at, now()), hidden_by = $3, hidden_reason = $4, version = version + 1
WHERE tenant_id = $1 AND id = $2`, tenantID, commentID, actor.UserID, reason)
		return err
	})
	return consultationID, err
}

// Answer records the NMRF's answer to a comment: the outcome and what changed or why
// not. Its author is told. link is the consultation's address, with {id} for its number.
func (s *Store) Answer(ctx context.Context, tenantID int64, actor Actor, commentID int64, version int, outcome, answer, link string) (int64, error) {
	if !actor.staff() {
		return 0, fault.New(fault.Forbidden, "")
	}
	answer = strings.TrimSpace(answer)
	f := fault.Fields{}
	if !validOutcome(outcome) {
		f["outcome"] = "Answer.OutcomeRequired"
	}
	if answer == "" || len([]rune(answer)) > MaxBody {
		f["answer"] = "Answer.TextRequired"
	}
	var consultationID int64
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		cm, c, err := commentFor(ctx, tx, tenantID, actor, commentID)
		if err != nil {
			return err
		}
		consultationID = c.ID // known first, so the page can be shown again with the message
		if err := f.Err(); err != nil {
			return err
		}
		if cm.Version != version {
			return fault.New(fault.Conflict, "Comment.Stale")
		}
		if _, err := tx.Exec(ctx, `
UPDATE consultation_comments SET outcome = $3, answer = $4, answered_by = $5, answered_at = now(), version = version + 1
WHERE tenant_id = $1 AND id = $2`, tenantID, commentID, outcome, answer, actor.UserID); err != nil {
			return err
		}
		if cm.AuthorID == actor.UserID {
			return nil
		}
		return s.tell(ctx, tx, tenantID, []int64{cm.AuthorID}, "Consultation.Notify.Answered", map[string]string{"Title": c.Title},
			strings.ReplaceAll(link, "{id}", itoa(c.ID)))
	})
	return consultationID, err
}

// File is a comment's attached document.
type File struct {
	Filename, ContentType string
	Data                  []byte
}

// File returns the document attached to a comment, for those who read the comment; a
// hidden comment's document stays with the staff and its author.
func (s *Store) File(ctx context.Context, tenantID int64, actor Actor, commentID int64) (File, error) {
	var out File
	err := s.inTenant(ctx, tenantID, actor.UserID, func(tx pgx.Tx) error {
		cm, _, err := commentFor(ctx, tx, tenantID, actor, commentID)
		if err != nil {
			return err
		}
		if cm.Hidden && !actor.staff() && cm.AuthorID != actor.UserID {
			return fault.New(fault.NotFound, "")
		}
		return db.Classify(tx.QueryRow(ctx, `SELECT filename, content_type, data FROM consultation_files WHERE tenant_id = $1 AND comment_id = $2`,
			tenantID, commentID).Scan(&out.Filename, &out.ContentType, &out.Data))
	})
	return out, err
}
