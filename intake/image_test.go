package intake

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/scamscan/scamscan/evaluate"
	"github.com/scamscan/scamscan/internal/testimage"
	"github.com/scamscan/scamscan/scan"
)

// screens are ten test screenshots: fake alerts (one full-screen, one a
// noisy photo) and genuine Windows messages that share their words.
var screens = []testimage.Screen{
	{Name: "fullscreen-defender-alert", Label: "scam", Kind: scan.Popup, W: 1280, H: 800, BG: testimage.MSBlue, FG: testimage.White, Lines: []testimage.Line{
		{Text: "Windows Defender Security Center", Size: 40, Bold: true, Y: 90},
		{Text: "Access to this PC has been blocked for security reasons.", Size: 28, Bold: false, Y: 180},
		{Text: "Your computer has alerted us that it has been infected with a", Size: 28, Bold: false, Y: 230},
		{Text: "Trojan Spyware. Your passwords and banking details are at risk.", Size: 28, Bold: false, Y: 275},
		{Text: "Do not restart or shut down your computer.", Size: 28, Bold: true, Y: 350},
		{Text: "Call Microsoft Support: 0808 157 0412 (Toll Free)", Size: 34, Bold: true, Y: 440},
	}},
	{Name: "photo-of-alert-noisy", Label: "scam", Kind: scan.Popup, W: 1100, H: 640, BG: color.RGBA{200, 30, 30, 255}, FG: testimage.White, Noise: 28, JPEG: true, Lines: []testimage.Line{
		{Text: "MICROSOFT WARNING ALERT", Size: 38, Bold: true, Y: 90},
		{Text: "Your computer is infected with a virus.", Size: 30, Bold: false, Y: 180},
		{Text: "Call Windows Support now on 0808 157 0488", Size: 32, Bold: true, Y: 270},
		{Text: "Do not close this window or your data will be deleted.", Size: 26, Bold: false, Y: 350},
	}},
	{Name: "mobile-alert", Label: "scam", Kind: scan.Popup, W: 720, H: 1200, BG: testimage.White, FG: testimage.Black, Lines: []testimage.Line{
		{Text: "Microsoft Security Warning", Size: 36, Bold: true, Y: 120},
		{Text: "Your device has been hacked.", Size: 30, Bold: false, Y: 220},
		{Text: "Your photos and bank details", Size: 30, Bold: false, Y: 280},
		{Text: "will be stolen. Call now:", Size: 30, Bold: false, Y: 330},
		{Text: "+44 20 7946 0311", Size: 40, Bold: true, Y: 420},
	}},
	{Name: "fake-licence-expired", Label: "scam", Kind: scan.Popup, W: 1200, H: 500, BG: testimage.LightBg, FG: testimage.Black, Lines: []testimage.Line{
		{Text: "Windows Licence Expired", Size: 36, Bold: true, Y: 80},
		{Text: "Your Windows licence has expired and your computer is locked.", Size: 26, Bold: false, Y: 170},
		{Text: "Call the Microsoft helpline immediately on 0808 157 0377", Size: 26, Bold: true, Y: 240},
	}},
	{Name: "fake-invoice-screenshot", Label: "scam", Kind: scan.Refund, W: 1200, H: 520, BG: testimage.White, FG: testimage.Black, Lines: []testimage.Line{
		{Text: "Invoice 88123 - Microsoft 365 Auto Renewal", Size: 30, Bold: true, Y: 80},
		{Text: "Amount charged: GBP 349.99", Size: 26, Bold: false, Y: 160},
		{Text: "If you did not authorise this payment, call our billing", Size: 26, Bold: false, Y: 230},
		{Text: "team on 0808 157 0455 to cancel and get a refund.", Size: 26, Bold: false, Y: 275},
	}},
	{Name: "fake-chat-anydesk", Label: "scam", Kind: scan.ColdCall, W: 1000, H: 600, BG: testimage.White, FG: testimage.Black, Lines: []testimage.Line{
		{Text: "Windows Technical Department", Size: 30, Bold: true, Y: 70},
		{Text: "Sir your computer is sending errors to our server.", Size: 26, Bold: false, Y: 150},
		{Text: "Please download AnyDesk and give me the 9 digit code", Size: 26, Bold: false, Y: 210},
		{Text: "so our technician can fix it.", Size: 26, Bold: false, Y: 255},
	}},
	{Name: "real-defender-threats-found", Label: "legit", Kind: scan.None, W: 900, H: 300, BG: testimage.LightBg, FG: testimage.Black, Lines: []testimage.Line{
		{Text: "Windows Security", Size: 26, Bold: true, Y: 60},
		{Text: "Threats found", Size: 30, Bold: true, Y: 120},
		{Text: "Microsoft Defender Antivirus found threats. Get details.", Size: 22, Bold: false, Y: 180},
	}},
	{Name: "real-windows-update", Label: "legit", Kind: scan.None, W: 900, H: 300, BG: testimage.LightBg, FG: testimage.Black, Lines: []testimage.Line{
		{Text: "Restart required", Size: 30, Bold: true, Y: 80},
		{Text: "Your device will restart outside active hours.", Size: 22, Bold: false, Y: 150},
		{Text: "Working on updates. Don't turn off your PC.", Size: 22, Bold: false, Y: 200},
	}},
	{Name: "real-blue-screen", Label: "legit", Kind: scan.None, W: 1280, H: 720, BG: testimage.BSOD, FG: testimage.White, Lines: []testimage.Line{
		{Text: "Your PC ran into a problem and needs to restart.", Size: 32, Bold: false, Y: 200},
		{Text: "We're just collecting some error info, and then we'll restart for you.", Size: 24, Bold: false, Y: 260},
		{Text: "For more information visit https://www.windows.com/stopcode", Size: 22, Bold: false, Y: 360},
		{Text: "Stop code: CRITICAL_PROCESS_DIED", Size: 22, Bold: false, Y: 410},
	}},
	{Name: "grandson-teamviewer-chat", Label: "legit", Kind: scan.None, W: 900, H: 400, BG: testimage.White, FG: testimage.Black, Lines: []testimage.Line{
		{Text: "Tom: Hi Gran, it's me. Open TeamViewer like I showed you", Size: 22, Bold: false, Y: 80},
		{Text: "and I'll sort the printer. Love you x", Size: 22, Bold: false, Y: 125},
		{Text: "Gran: Thank you love, see you Sunday.", Size: 22, Bold: false, Y: 190},
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
	parts, err := Read(context.Background(), s.Encode(t), Options{OCR: ocr, Timeout: time.Minute})
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
		items = append(items, evaluate.Item{Name: s.Name, Label: s.Label, Variant: s.Kind, Data: s.Encode(t)})
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
	small := testimage.Screen{W: 200, H: 100, BG: testimage.White, FG: testimage.Black}.Encode(t)
	if _, err := Read(context.Background(), small, Options{}); !errors.Is(err, ErrNoOCR) || !strings.Contains(err.Error(), "apt-get install tesseract-ocr") {
		t.Errorf("without tesseract: %v", err)
	}
}

func TestOCRTimeout(t *testing.T) {
	ocr := needTesseract(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	time.Sleep(2 * time.Millisecond)
	if _, err := ocr.Words(ctx, screens[0].Encode(t)); err == nil || !strings.Contains(err.Error(), "too long") {
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
