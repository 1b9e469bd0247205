package model

import (
	_ "embed"
	"sync"
)

// trained is the model `scamscan train` writes, built into the binary.
//
//go:embed trained.json
var trained []byte

var embedded = sync.OnceValues(func() (*Model, error) { return Load(trained) })

// Embedded is the model built into scamscan. It is loaded once and shared:
// a Model is read-only after loading.
func Embedded() (*Model, error) { return embedded() }
