// Package qrtest reads QR codes in images, as a phone would, for tests
// of printed certificates.
package qrtest

import (
	"bytes"
	"image"
	_ "image/png" // screenshots and the codes are PNG
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/require"
)

// Decode reads the one QR code in a PNG image.
func Decode(t testing.TB, png []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(png))
	require.NoError(t, err)
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	require.NoError(t, err)
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	require.NoError(t, err, "no QR code could be read in the image")
	return res.GetText()
}
