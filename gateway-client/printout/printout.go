// Package printout renders a verified evidence certificate as a page to
// print (存证证明): its facts in Chinese and English, and a QR code that
// opens the court's verification page at the record, where the
// certificate file can be checked and the record's status read. The page
// is a convenience for people: what proves the anchoring is the
// certificate file, verified offline (package certificate); a printed
// page proves nothing by itself, and says so.
package printout

import (
	"bytes"
	"context"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/courtchain/judicial/gateway-client/certificate"
	qrcode "github.com/skip2/go-qrcode"
)

//go:embed page.html
var pageFS embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"join": strings.Join,
}).ParseFS(pageFS, "page.html"))

// Options say where the verification page is and how times read.
type Options struct {
	// Portal is the verification portal's base URL, as the court
	// publishes it: https://verify.court.example/.
	Portal string
	// Location is the court's time zone, as the caller resolved it; nil
	// is China's, UTC+8 all year.
	Location *time.Location
	// Trust is the trust file the certificate was verified against.
	Trust *certificate.Trust
}

// VerifyURL is the page the QR code opens for a record.
func VerifyURL(portal, number string) (string, error) {
	u, err := url.Parse(portal)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("portal %q is not an http(s) URL", portal)
	}
	u = u.JoinPath("certificate")
	u.RawQuery = url.Values{"number": {number}}.Encode()
	return u.String(), nil
}

type view struct {
	R          *certificate.Report
	C          *certificate.Certificate
	AnchoredAt string
	Attesters  []string
	Endorsers  []string
	URL        string
	QR         template.URL
	Trust      *certificate.Trust
	Printed    string
}

// HTML writes the page for a certificate that Verify found valid: r is
// its report.
func HTML(w io.Writer, c *certificate.Certificate, r *certificate.Report, o Options) error {
	loc := o.Location
	if loc == nil {
		loc = time.FixedZone("CST", 8*60*60)
	}
	link, err := VerifyURL(o.Portal, c.Number)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(link, qrcode.Medium, 512)
	if err != nil {
		return fmt.Errorf("QR code: %w", err)
	}
	local := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05.000 -07:00") }
	v := view{R: r, C: c, URL: link, Trust: o.Trust, AnchoredAt: local(r.AnchoredAt) + " (" + r.AnchoredAt.UTC().Format(time.RFC3339Nano) + ")",
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), Printed: local(time.Now())}
	for _, e := range r.Endorsers {
		v.Endorsers = append(v.Endorsers, e.Subject+" ("+e.MSPID+")")
	}
	for _, a := range r.Attesters {
		v.Attesters = append(v.Attesters, a.Peer+" ("+a.MSPID+"), "+local(a.At))
	}
	return page.Execute(w, v)
}

// PDF prints an HTML page to PDF with headless Chromium, as a browser
// prints it (A4, no header or footer).
func PDF(ctx context.Context, chromium, htmlPath, pdfPath string) error {
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(pdfPath)
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "printout-chromium")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+profile, "--print-to-pdf="+out, "file://"+abs)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("chromium printing %s: %w: %s", htmlPath, err, lastLine(stderr.String()))
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		return fmt.Errorf("chromium wrote no PDF at %s: %s", pdfPath, lastLine(stderr.String()))
	}
	return nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
