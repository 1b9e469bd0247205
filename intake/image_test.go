package intake

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/scamscan/scamscan/evaluate"
	"github.com/scamscan/scamscan/scan"
)

// screenLine is a line of text drawn on a test screenshot.
type screenLine struct {
	text string
	size float64
	bold bool
	y    int
}

// screen describes a test screenshot.
type screen struct {
	name        string
	label, kind string // scam or legit; the variant
	w, h        int
	bg, fg      color.Color
	lines       []screenLine
	noise       int // 0 for a clean screenshot; otherwise how much grain, as in a photo of a screen
	jpeg        bool
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

// png renders the screen as a PNG, or a JPEG; with noise it looks like a
// phone photo of a monitor: grain and uneven light.
func (s screen) png(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, s.w, s.h))
	draw.Draw(img, img.Bounds(), image.NewUniform(s.bg), image.Point{}, draw.Src)
	for _, l := range s.lines {
		d := font.Drawer{Dst: img, Src: image.NewUniform(s.fg), Face: face(t, l.size, l.bold), Dot: fixed.P(40, l.y)}
		d.DrawString(l.text)
	}
	if s.noise > 0 {
		rng := rand.New(rand.NewSource(7))
		for y := 0; y < s.h; y++ {
			for x := 0; x < s.w; x++ {
				c := img.RGBAAt(x, y)
				shade := (x + y) * 30 / (s.w + s.h) // light falling off across the photo
				n := rng.Intn(2*s.noise+1) - s.noise - shade
				c.R, c.G, c.B = clamp(int(c.R)+n), clamp(int(c.G)+n), clamp(int(c.B)+n)
				img.SetRGBA(x, y, c)
			}
		}
	}
	var buf bytes.Buffer
	var err error
	if s.jpeg {
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

var (
	white   = color.RGBA{255, 255, 255, 255}
	black   = color.RGBA{20, 20, 20, 255}
	msBlue  = color.RGBA{0, 90, 170, 255}
	bsod    = color.RGBA{16, 110, 190, 255}
	lightBg = color.RGBA{243, 243, 243, 255}
)

// screens are ten test screenshots: fake alerts (one full-screen, one a
// noisy photo) and genuine Windows messages that share their words.
var screens = []screen{
	{name: "fullscreen-defender-alert", label: "scam", kind: scan.Popup, w: 1280, h: 800, bg: msBlue, fg: white, lines: []screenLine{
		{"Windows Defender Security Center", 40, true, 90},
		{"Access to this PC has been blocked for security reasons.", 28, false, 180},
		{"Your computer has alerted us that it has been infected with a", 28, false, 230},
		{"Trojan Spyware. Your passwords and banking details are at risk.", 28, false, 275},
		{"Do not restart or shut down your computer.", 28, true, 350},
		{"Call Microsoft Support: 0808 157 0412 (Toll Free)", 34, true, 440},
	}},
	{name: "photo-of-alert-noisy", label: "scam", kind: scan.Popup, w: 1100, h: 640, bg: color.RGBA{200, 30, 30, 255}, fg: white, noise: 28, jpeg: true, lines: []screenLine{
		{"MICROSOFT WARNING ALERT", 38, true, 90},
		{"Your computer is infected with a virus.", 30, false, 180},
		{"Call Windows Support now on 0808 157 0488", 32, true, 270},
		{"Do not close this window or your data will be deleted.", 26, false, 350},
	}},
	{name: "mobile-alert", label: "scam", kind: scan.Popup, w: 720, h: 1200, bg: white, fg: black, lines: []screenLine{
		{"Microsoft Security Warning", 36, true, 120},
		{"Your device has been hacked.", 30, false, 220},
		{"Your photos and bank details", 30, false, 280},
		{"will be stolen. Call now:", 30, false, 330},
		{"+44 20 7946 0311", 40, true, 420},
	}},
	{name: "fake-licence-expired", label: "scam", kind: scan.Popup, w: 1200, h: 500, bg: lightBg, fg: black, lines: []screenLine{
		{"Windows Licence Expired", 36, true, 80},
		{"Your Windows licence has expired and your computer is locked.", 26, false, 170},
		{"Call the Microsoft helpline immediately on 0808 157 0377", 26, true, 240},
	}},
	{name: "fake-invoice-screenshot", label: "scam", kind: scan.Refund, w: 1200, h: 520, bg: white, fg: black, lines: []screenLine{
		{"Invoice 88123 - Microsoft 365 Auto Renewal", 30, true, 80},
		{"Amount charged: GBP 349.99", 26, false, 160},
		{"If you did not authorise this payment, call our billing", 26, false, 230},
		{"team on 0808 157 0455 to cancel and get a refund.", 26, false, 275},
	}},
	{name: "fake-chat-anydesk", label: "scam", kind: scan.ColdCall, w: 1000, h: 600, bg: white, fg: black, lines: []screenLine{
		{"Windows Technical Department", 30, true, 70},
		{"Sir your computer is sending errors to our server.", 26, false, 150},
		{"Please download AnyDesk and give me the 9 digit code", 26, false, 210},
		{"so our technician can fix it.", 26, false, 255},
	}},
	{name: "real-defender-threats-found", label: "legit", kind: scan.None, w: 900, h: 300, bg: lightBg, fg: black, lines: []screenLine{
		{"Windows Security", 26, true, 60},
		{"Threats found", 30, true, 120},
		{"Microsoft Defender Antivirus found threats. Get details.", 22, false, 180},
	}},
	{name: "real-windows-update", label: "legit", kind: scan.None, w: 900, h: 300, bg: lightBg, fg: black, lines: []screenLine{
		{"Restart required", 30, true, 80},
		{"Your device will restart outside active hours.", 22, false, 150},
		{"Working on updates. Don't turn off your PC.", 22, false, 200},
	}},
	{name: "real-blue-screen", label: "legit", kind: scan.None, w: 1280, h: 720, bg: bsod, fg: white, lines: []screenLine{
		{"Your PC ran into a problem and needs to restart.", 32, false, 200},
		{"We're just collecting some error info, and then we'll restart for you.", 24, false, 260},
		{"For more information visit https://www.windows.com/stopcode", 22, false, 360},
		{"Stop code: CRITICAL_PROCESS_DIED", 22, false, 410},
	}},
	{name: "grandson-teamviewer-chat", label: "legit", kind: scan.None, w: 900, h: 400, bg: white, fg: black, lines: []screenLine{
		{"Tom: Hi Gran, it's me. Open TeamViewer like I showed you", 22, false, 80},
		{"and I'll sort the printer. Love you x", 22, false, 125},
		{"Gran: Thank you love, see you Sunday.", 22, false, 190},
	}},
}

func needTesseract(t *testing.T) *Tesseract {
	t.Helper()
	ts, err := NewTesseract()
	if err != nil {
		t.Skip("tesseract is not installed: install it with 'apt-get install tesseract-ocr' (.ci/run does) to run the screenshot tests")
	}
	return ts
}

func TestScreenshotOfFullScreenAlert(t *testing.T) {
	ocr := needTesseract(t)
	s := screens[0]
	parts, err := Read(context.Background(), s.png(t), Options{OCR: ocr, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	doc := parts[0].Doc
	if parts[0].Kind != KindImage || !strings.Contains(doc.Text, "0808 157 0412") {
		t.Fatalf("kind %s, text read:\n%s", parts[0].Kind, doc.Text)
	}
	res := scanDoc(t, doc)
	if res.Verdict != scan.Scam || res.Variant != scan.Popup {
		t.Fatalf("verdict %s %s", res.Verdict, res.Variant)
	}
	// Every quote carries a box, and the phone number's box lies on the
	// line it was drawn on (baseline 440, 34 pt).
	var phoneBox *scan.Box
	for _, f := range res.Flags {
		for _, ev := range f.Evidence {
			if ev.Box == nil {
				t.Errorf("%s: evidence %q has no box", f.ID, ev.Text)
			}
			if strings.Contains(ev.Text, "0808") && ev.Box != nil {
				phoneBox = ev.Box
			}
		}
	}
	if phoneBox == nil || phoneBox.Y < 390 || phoneBox.Y+phoneBox.H > 460 || phoneBox.X < 40 {
		t.Errorf("the phone number's box %+v is not where it was drawn", phoneBox)
	}
}

// TestScreenshotsEvaluation reads all ten screenshots, as `scamscan eval`
// would: every scam caught, no genuine message called a scam.
func TestScreenshotsEvaluation(t *testing.T) {
	ocr := needTesseract(t)
	var items []evaluate.Item
	for _, s := range screens {
		items = append(items, evaluate.Item{Name: s.name, Label: s.label, Variant: s.kind, Data: s.png(t)})
	}
	outs, err := evaluate.Run(context.Background(), items, func(ctx context.Context, it evaluate.Item) (scan.Result, error) {
		parts, err := Read(ctx, it.Data, Options{OCR: ocr, Timeout: time.Minute})
		if err != nil {
			return scan.Result{}, err
		}
		return scanDoc(t, parts[0].Doc), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	sum := evaluate.Write(&report, "screenshots", outs, evaluate.Options{ListMisses: true})
	if !sum.GoalsMet() {
		t.Errorf("goals not met:\n%s", report.String())
	}
}

// bombPNG is a PNG header claiming 100000 × 100000 pixels, with no data.
func bombPNG() []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 100000)
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestPictureLimitsAndMissingTesseract(t *testing.T) {
	start := time.Now()
	_, err := Read(context.Background(), bombPNG(), Options{OCR: &Tesseract{Path: "/nonexistent"}})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "100000 × 100000") {
		t.Errorf("decompression bomb: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("the oversized picture was not refused at once")
	}
	small := screen{w: 200, h: 100, bg: white, fg: black}.png(t)
	if _, err := Read(context.Background(), small, Options{}); !errors.Is(err, ErrNoOCR) || !strings.Contains(err.Error(), "apt-get install tesseract-ocr") {
		t.Errorf("without tesseract: %v", err)
	}
}

func TestOCRTimeout(t *testing.T) {
	ocr := needTesseract(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	time.Sleep(2 * time.Millisecond)
	if _, err := ocr.Words(ctx, screens[0].png(t)); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("an OCR run past its deadline: %v", err)
	}
}

func TestParseTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t95\tCall\n" +
		"5\t1\t1\t1\t1\t2\t50\t20\t60\t40\t95\t0808\n" +
		"5\t1\t1\t1\t2\t1\t10\t80\t30\t40\t95\tnow\n"
	words, err := parseTSV([]byte(tsv))
	if err != nil || len(words) != 3 || words[1].Box != (scan.Box{X: 50, Y: 20, W: 60, H: 40}) || words[2].Line == words[1].Line {
		t.Fatalf("words %+v, err %v", words, err)
	}
	if _, err := parseTSV([]byte("h\n5\t1\t1\t1\t1\t1\tx\t20\t30\t40\t95\tCall\n")); err == nil {
		t.Error("a broken box was accepted")
	}
}
