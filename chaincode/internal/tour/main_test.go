package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPairsAndPath(t *testing.T) {
	p, err := load("testdata/three")
	require.NoError(t, err)
	pairs, n := p.pairs()
	require.Equal(t, 3, n)
	require.Equal(t, [][2]string{{"a.go", "b.go"}, {"a.go", "c.go"}}, pairs)

	stays, err := p.path("Start")
	require.NoError(t, err)
	// b's body is followed the first time only; inner is b's own file.
	require.Equal(t, []string{"a.go", "b.go", "a.go", "c.go", "a.go", "b.go", "a.go"}, stays)

	_, err = p.path("Nowhere")
	require.ErrorContains(t, err, "no function Nowhere")
}
