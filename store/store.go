// Package store is scamscan's shared memory: the phone numbers and domains
// people reported, feedback on scans, and counts for trends. It runs on an
// SQLite file by default and on PostgreSQL when several servers share one
// store; both take the same migrations and pass the same tests.
//
// It never keeps who reported: only a keyed hash whose key changes every
// month (old keys are deleted), enough to count distinct people so one
// person cannot inflate a number's count. Message text is kept only when
// the person ticks the box to share it.
package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/scamscan/scamscan/claim/calendar"
	"github.com/scamscan/scamscan/scan/entity"
	"github.com/scamscan/scamscan/scan/rules"
)

// Kinds of reported thing.
const (
	Phone    = "phone"     // an E.164 number
	Domain   = "domain"    // a registrable domain
	RemoteID = "remote_id" // a remote-access tool's address, "anydesk:123456789"
)

// Kinds lists the kinds of reported thing.
var Kinds = []string{Phone, Domain, RemoteID}

// Elsewhere is the region of a report from outside the UK.
const Elsewhere = "elsewhere"

// Regions a report may come from: the UK's nations as the claim letters
// know them, or elsewhere.
var Regions = []string{calendar.EnglandAndWales, calendar.Scotland, calendar.NorthernIreland, Elsewhere}

// Variants a report may name (the scan's scam variants); an empty variant
// is kept as NotSaid.
var Variants = rules.Variants

// NotSaid is the variant of a report that did not say which scam it was.
const NotSaid = "not_said"

// MaxSharedText bounds a message shared with a report or feedback.
const MaxSharedText = 64 << 10

// Report is one person saying "this number (or site) was a scam".
type Report struct {
	Kind    string
	Value   string // as typed; Add normalises it
	Variant string // cold_call, popup, refund, other_scam
	Channel string
	Region  string
	Day     time.Time
	// Reporter tells reporters apart (a web client's address, say). Only
	// a keyed hash of it is stored.
	Reporter string
	// SharedText is the message, only when the person chose to share it.
	SharedText string
}

// Sighting is what the store knows of one number or domain.
type Sighting struct {
	Kind      string `json:"kind"`
	Value     string `json:"value"`
	Reports   int    `json:"reports"`
	People    int    `json:"people"` // distinct reporters
	FirstSeen Date   `json:"first_seen,omitzero"`
	LastSeen  Date   `json:"last_seen,omitzero"`
}

// Date is a day, written in JSON as "2026-03-03".
type Date struct{ time.Time }

// MarshalJSON writes the day alone.
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.Format(time.DateOnly) + `"`), nil
}

// UnmarshalJSON reads a day written by MarshalJSON.
func (d *Date) UnmarshalJSON(b []byte) error {
	t, err := time.Parse(`"`+time.DateOnly+`"`, string(b))
	if err != nil {
		return fmt.Errorf("a date must be written as \"2026-03-03\": %w", err)
	}
	d.Time = t
	return nil
}

// ErrInvalid wraps errors about a report or lookup that cannot be right.
var ErrInvalid = errors.New("invalid")

// ErrUnavailable wraps errors from a store that cannot be reached.
var ErrUnavailable = errors.New("the store cannot be reached")

// DB is an open store.
type DB struct {
	db      *sql.DB
	dialect dialect

	// key is this month's reporter key, kept so each report need not read
	// it; it is fetched again when the month changes.
	keyMu     sync.Mutex
	keyPeriod string
	key       []byte
}

// dialect is what differs between the backends.
type dialect struct {
	name string
	// placeholder writes the nth (from 1) query parameter.
	placeholder func(n int) string
}

//go:embed migrations/*.sql
var migrations embed.FS

// Normalise turns a number or domain as typed into its stored form: E.164
// for a phone, the registrable domain for a site.
func Normalise(kind, value string) (string, error) {
	switch kind {
	case Phone:
		ps := entity.Phones(value)
		if len(ps) != 1 || ps[0].E164 == "" {
			return "", fmt.Errorf("%w: %q is not one phone number", ErrInvalid, value)
		}
		if ps[0].Service != "" {
			return "", fmt.Errorf("%w: %s is %s, a public help line", ErrInvalid, value, ps[0].Service)
		}
		return ps[0].E164, nil
	case Domain:
		us := entity.URLs(value)
		if len(us) != 1 || us[0].Domain == "" {
			return "", fmt.Errorf("%w: %q is not one web address", ErrInvalid, value)
		}
		if !Reportable(us[0]) {
			return "", fmt.Errorf("%w: %s is Microsoft's own site or a link shortener used by everyone; report the full address it leads to", ErrInvalid, us[0].Domain)
		}
		return us[0].Domain, nil
	case RemoteID:
		ids := entity.RemoteIDs(value)
		if len(ids) != 1 {
			return "", fmt.Errorf("%w: %q is not a remote-access address with its tool, such as \"anydesk:123456789\"", ErrInvalid, value)
		}
		return ids[0].Value, nil
	}
	return "", fmt.Errorf("%w: kind %q (use %s)", ErrInvalid, kind, strings.Join(Kinds, ", "))
}

// Reportable says whether a web address's domain may be reported: not
// Microsoft's own, and not a link shortener, whose domain everyone uses.
func Reportable(u entity.URL) bool {
	return u.Domain != "" && !u.Has("microsoft") && !u.Has("shortener")
}

// Guess normalises a value whose kind was not given: a phone number, a
// remote-access address or a web address, tried in that order.
func Guess(value string) (kind, normalised string, err error) {
	for _, k := range []string{Phone, RemoteID, Domain} {
		if v, err := Normalise(k, value); err == nil {
			return k, v, nil
		}
	}
	return "", "", fmt.Errorf("%w: %q is not a phone number, a web address or a remote-access address such as \"anydesk:123456789\"", ErrInvalid, value)
}

// checkChannelAndText checks what reports and feedback both carry: the
// channel, if given, and the size of a shared message.
func checkChannelAndText(channel, shared string) error {
	if channel != "" && !slices.Contains(rules.Channels, channel) {
		return fmt.Errorf("%w: channel %q (use %s, or leave it out)", ErrInvalid, channel, strings.Join(rules.Channels, ", "))
	}
	if len(shared) > MaxSharedText {
		return fmt.Errorf("%w: the shared text is over %d KiB", ErrInvalid, MaxSharedText>>10)
	}
	return nil
}

// q rewrites a query written with ? for the backend.
func (d *DB) q(query string) string {
	if d.dialect.placeholder == nil {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString(d.dialect.placeholder(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// migrate applies the embedded migrations not yet recorded, each in a
// transaction, in file-name order. Several servers starting at once is
// safe: a migration already applied by another is skipped.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if err := d.apply(ctx, name, string(body)); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	return nil
}

func (d *DB) apply(ctx context.Context, name, body string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.dialect.name == "postgres" {
		// One migrator at a time across replicas; released at commit.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7261)`); err != nil {
			return err
		}
	}
	var done int
	if err := tx.QueryRowContext(ctx, d.q(`SELECT COUNT(*) FROM schema_migrations WHERE name = ?`), name).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	for _, stmt := range strings.Split(stripComments(body), ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO schema_migrations (name, applied) VALUES (?, ?)`), name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// stripComments drops "--" comment lines, so a ";" in a comment cannot
// split a statement.
func stripComments(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// Migrations lists the migrations applied, in order.
func (d *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// Close closes the store.
func (d *DB) Close() error { return d.db.Close() }

// Ping checks the store answers.
func (d *DB) Ping(ctx context.Context) error { return d.wrap(d.db.PingContext(ctx)) }

// wrap marks connection failures as ErrUnavailable, so callers can tell
// "the store is down" from "the request was wrong".
func (d *DB) wrap(err error) error {
	if err == nil || errors.Is(err, ErrInvalid) || errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// Add records a report and returns what the store now knows of the
// number or domain. Each report counts once, however many arrive at once.
func (d *DB) Add(ctx context.Context, r Report) (Sighting, error) {
	value, err := Normalise(r.Kind, r.Value)
	if err != nil {
		return Sighting{}, err
	}
	if !slices.Contains(Regions, r.Region) {
		return Sighting{}, fmt.Errorf("%w: region %q (use %s)", ErrInvalid, r.Region, strings.Join(Regions, ", "))
	}
	if r.Variant == "" || r.Variant == "none" { // "none": the scan found no signs, the person says otherwise
		r.Variant = NotSaid
	}
	if !slices.Contains(Variants, r.Variant) && r.Variant != NotSaid {
		return Sighting{}, fmt.Errorf("%w: variant %q (use %s, or leave it out)", ErrInvalid, r.Variant, strings.Join(Variants, ", "))
	}
	if err := checkChannelAndText(r.Channel, r.SharedText); err != nil {
		return Sighting{}, err
	}
	if r.Day.IsZero() {
		r.Day = time.Now()
	}
	who, err := d.reporterHash(ctx, r.Day, r.Kind+":"+value+":"+r.Reporter)
	if err != nil {
		return Sighting{}, d.wrap(err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return Sighting{}, d.wrap(err)
	}
	defer tx.Rollback()
	today := day(r.Day)
	var shared any
	if r.SharedText != "" {
		shared = r.SharedText
	}
	steps := []struct {
		query string
		args  []any
	}{
		{`INSERT INTO sightings (kind, value, reports, first_seen, last_seen) VALUES (?, ?, 1, ?, ?)
		  ON CONFLICT (kind, value) DO UPDATE SET reports = sightings.reports + 1,
		    first_seen = CASE WHEN excluded.first_seen < sightings.first_seen THEN excluded.first_seen ELSE sightings.first_seen END,
		    last_seen = CASE WHEN excluded.last_seen > sightings.last_seen THEN excluded.last_seen ELSE sightings.last_seen END`,
			[]any{r.Kind, value, today, today}},
		{`INSERT INTO reporters (kind, value, reporter) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, []any{r.Kind, value, who}},
		{`INSERT INTO report_log (day, kind, value, variant, channel, region, shared_text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			[]any{today, r.Kind, value, r.Variant, r.Channel, r.Region, shared}},
	}
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, d.q(s.query), s.args...); err != nil {
			return Sighting{}, d.wrap(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Sighting{}, d.wrap(err)
	}
	got, err := d.Lookup(ctx, []Sighting{{Kind: r.Kind, Value: value}})
	if err != nil {
		return Sighting{}, err
	}
	return got[0], nil
}

// reporterHash is the reporter's keyed hash under its month's key.
func (d *DB) reporterHash(ctx context.Context, at time.Time, who string) (string, error) {
	key, err := d.monthKey(ctx, at.UTC().Format("2006-01"))
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(who))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// monthKey is the reporter key for period (YYYY-MM). The key is made on
// first use (by whichever server gets there first), earlier months' keys
// are deleted, and the key is then kept in memory for the month.
func (d *DB) monthKey(ctx context.Context, period string) ([]byte, error) {
	d.keyMu.Lock()
	defer d.keyMu.Unlock()
	if d.keyPeriod == period {
		return d.key, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := d.db.ExecContext(ctx, d.q(`INSERT INTO reporter_keys (period, secret) VALUES (?, ?) ON CONFLICT DO NOTHING`), period, hex.EncodeToString(fresh)); err != nil {
		return nil, err
	}
	if _, err := d.db.ExecContext(ctx, d.q(`DELETE FROM reporter_keys WHERE period < ?`), period); err != nil {
		return nil, err
	}
	var secret string
	if err := d.db.QueryRowContext(ctx, d.q(`SELECT secret FROM reporter_keys WHERE period = ?`), period).Scan(&secret); err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(secret)
	if err != nil {
		return nil, fmt.Errorf("reporter key for %s is damaged: %w", period, err)
	}
	d.keyPeriod, d.key = period, key
	return key, nil
}

// lookupBatch bounds the values asked in one query; more are asked in
// several.
const lookupBatch = 200

// Lookup returns what the store knows of each wanted value (already
// normalised): one sighting per value, in order, with no reports for
// values never reported.
func (d *DB) Lookup(ctx context.Context, wanted []Sighting) ([]Sighting, error) {
	known := map[[2]string]Sighting{}
	for rest := wanted; len(rest) > 0; {
		n := min(len(rest), lookupBatch)
		got, err := d.lookup(ctx, rest[:n])
		if err != nil {
			return nil, err
		}
		for _, s := range got {
			known[[2]string{s.Kind, s.Value}] = s
		}
		rest = rest[n:]
	}
	out := make([]Sighting, len(wanted))
	for i, w := range wanted {
		out[i] = Sighting{Kind: w.Kind, Value: w.Value}
		if s, ok := known[[2]string{w.Kind, w.Value}]; ok {
			out[i] = s
		}
	}
	return out, nil
}

// lookup asks about at most lookupBatch values in one query.
func (d *DB) lookup(ctx context.Context, wanted []Sighting) ([]Sighting, error) {
	pairs := make([]string, len(wanted))
	args := make([]any, 0, 2*len(wanted))
	for i, w := range wanted {
		pairs[i] = "(?, ?)"
		args = append(args, w.Kind, w.Value)
	}
	rows, err := d.db.QueryContext(ctx, d.q(`SELECT s.kind, s.value, s.reports, s.first_seen, s.last_seen,
		(SELECT COUNT(*) FROM reporters r WHERE r.kind = s.kind AND r.value = s.value)
		FROM sightings s WHERE (s.kind, s.value) IN (`+strings.Join(pairs, ", ")+`) ORDER BY s.kind, s.value`), args...)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var out []Sighting
	for rows.Next() {
		var s Sighting
		var first, last string
		if err := rows.Scan(&s.Kind, &s.Value, &s.Reports, &first, &last, &s.People); err != nil {
			return nil, d.wrap(err)
		}
		s.FirstSeen.Time, _ = time.Parse(time.DateOnly, first)
		s.LastSeen.Time, _ = time.Parse(time.DateOnly, last)
		out = append(out, s)
	}
	return out, d.wrap(rows.Err())
}
