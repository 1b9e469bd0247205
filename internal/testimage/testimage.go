// Package testimage draws test screenshots with the Go fonts, so the
// tests of pictures need no stored images.
package testimage

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Line is a line of text drawn on a test screenshot.
type Line struct {
	Text string
	Size float64
	Bold bool
	Y    int
}

// Screen describes a test screenshot.
type Screen struct {
	Name        string
	Label, Kind string // scam or legit; the variant
	W, H        int
	BG, FG      color.Color
	Lines       []Line
	Noise       int // 0 for a clean screenshot; otherwise how much grain, as in a photo of a screen
	JPEG        bool
}

func face(t testing.TB, size float64, bold bool) font.Face {
	t.Helper()
	data := goregular.TTF
	if bold {
		data = gobold.TTF
	}
	f, err := opentype.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

// Encode renders the screen as a PNG, or a JPEG; with noise it looks like a
// phone photo of a monitor: grain and uneven light.
func (s Screen) Encode(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, s.W, s.H))
	draw.Draw(img, img.Bounds(), image.NewUniform(s.BG), image.Point{}, draw.Src)
	for _, l := range s.Lines {
		d := font.Drawer{Dst: img, Src: image.NewUniform(s.FG), Face: face(t, l.Size, l.Bold), Dot: fixed.P(40, l.Y)}
		d.DrawString(l.Text)
	}
	if s.Noise > 0 {
		rng := rand.New(rand.NewSource(7))
		for y := 0; y < s.H; y++ {
			for x := 0; x < s.W; x++ {
				c := img.RGBAAt(x, y)
				shade := (x + y) * 30 / (s.W + s.H) // light falling off across the photo
				n := rng.Intn(2*s.Noise+1) - s.Noise - shade
				c.R, c.G, c.B = clamp(int(c.R)+n), clamp(int(c.G)+n), clamp(int(c.B)+n)
				img.SetRGBA(x, y, c)
			}
		}
	}
	var buf bytes.Buffer
	var err error
	if s.JPEG {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 70}) // as a phone saves a photo
	} else {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func clamp(v int) uint8 { return uint8(max(0, min(255, v))) }

// Colours of Windows screens and of fake alerts.
var (
	White   = color.RGBA{255, 255, 255, 255}
	Black   = color.RGBA{20, 20, 20, 255}
	MSBlue  = color.RGBA{0, 90, 170, 255}
	BSOD    = color.RGBA{16, 110, 190, 255}
	LightBg = color.RGBA{243, 243, 243, 255}
)
