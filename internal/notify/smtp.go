package notify

import (
	"context"
	"fmt"
	"net/url"

	"github.com/wneessen/go-mail"
)

// SMTP delivers messages to an SMTP server.
type SMTP struct {
	client *mail.Client
	from   string
}

// NewSMTP builds a sender from an smtp:// or smtps:// URL (user and password optional).
func NewSMTP(u *url.URL, port int, from string) (*SMTP, error) {
	opts := []mail.Option{mail.WithPort(port), mail.WithTLSPolicy(mail.TLSOpportunistic)}
	if u.Scheme == "smtps" {
		opts = append(opts, mail.WithSSL())
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain),
			mail.WithUsername(u.User.Username()), mail.WithPassword(pw))
	}
	c, err := mail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return &SMTP{client: c, from: from}, nil
}

// Send delivers one plain-text message.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := mail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	if err := s.client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp send: %w", err)
	}
	return nil
}
