package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver, pure Go
)

// DefaultPath is where the SQLite file goes unless told otherwise: the
// user's data folder ($XDG_DATA_HOME/scamscan, or ~/.local/share/scamscan).
// getenv reads the environment (os.Getenv, or a test's).
func DefaultPath(getenv func(string) string) (string, error) {
	base := getenv("XDG_DATA_HOME")
	if base == "" {
		home := getenv("HOME")
		if home == "" {
			return "", fmt.Errorf("store: no home folder to keep the database in; give --db")
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "scamscan", "scamscan.db"), nil
}

// IsPostgres tells a PostgreSQL URL from an SQLite path.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Describe names a store for messages and logs, without its password.
func Describe(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "a PostgreSQL URL that cannot be read"
	}
	return u.Redacted()
}

// Open opens (and creates, and migrates) the store named by dsn: a
// postgres:// or postgresql:// URL for PostgreSQL, anything else a path
// to an SQLite file.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// WAL lets readers go on while one writer writes; busy_timeout makes
	// a writer wait for another instead of failing at once.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// One writer at a time is SQLite's way; a small pool keeps reads quick.
	db.SetMaxOpenConns(4)
	d := &DB{db: db, dialect: dialect{name: "sqlite"}}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db.SetMaxOpenConns(16)
	d := &DB{db: db, dialect: dialect{name: "postgres", placeholder: func(n int) string { return fmt.Sprintf("$%d", n) }}}
	if err := d.db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w: %v", ErrUnavailable, err)
	}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}
