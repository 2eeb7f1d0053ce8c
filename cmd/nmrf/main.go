// Command nmrf is the whole application: the web server, its migrations and the
// operators' commands. main parses the sub-command and builds the parts; nothing else.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// The time zone database inside the binary: States' clocks (consultation windows)
	// must not depend on /usr/share/zoneinfo being installed where the server runs.
	_ "time/tzdata"

	"github.com/nmrf-platform/nmrf/internal/config"
)

const usage = `usage: nmrf <command> [flags]

commands:
  serve                       migrate, then serve HTTP on LISTEN_ADDR
  migrate [up|status]         apply or list database migrations
  state add --code XAR --name NAME [--language en]
  user add --email E --name N [--platform-admin] [--state XAR --role ROLE] [--invite]
                              password read from standard input, or --invite to email an invitation
  import (--state XAR | --all-states) [--format F] [--dry-run] [--skip-errors] FILE…
                              import recommendation files; one summary line per file;
                              --all-states gives each State on the platform its own rows
  demo                        load the demo data set (idempotent) and print its sign-ins

configuration comes from environment variables; see README.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout); err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			fmt.Fprintln(os.Stderr, "nmrf:", ce.Error())
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "nmrf:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx)
	case "migrate":
		sub := "up"
		if len(args) > 1 {
			sub = args[1]
		}
		return migrate(ctx, sub, stdout)
	case "state":
		if len(args) < 2 || args[1] != "add" {
			return errors.New("usage: nmrf state add --code XAR --name NAME [--language en]")
		}
		return stateAdd(ctx, args[2:], stdout)
	case "user":
		if len(args) < 2 || args[1] != "add" {
			return errors.New("usage: nmrf user add --email E --name N [--platform-admin] [--state XAR --role ROLE] [--invite]")
		}
		return userAdd(ctx, args[2:], stdin, stdout)
	case "import":
		return importFiles(ctx, args[1:], stdout)
	case "demo":
		return loadDemo(ctx, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stdout, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	return fs
}

// readPassword takes the first line of standard input (pipe it; it is never a flag,
// so it stays out of shell history and process lists).
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
