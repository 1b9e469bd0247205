package store

import "context"

// ReporterKeys counts the reporter keys kept, for the rotation test.
func ReporterKeys(d *DB) (n int) {
	d.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM reporter_keys`).Scan(&n)
	return n
}
