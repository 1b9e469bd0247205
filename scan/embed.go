package scan

import (
	"embed"
	"io/fs"
)

//go:embed catalogue/*.rules
var embedded embed.FS

var catalogueFS, _ = fs.Sub(embedded, "catalogue")
