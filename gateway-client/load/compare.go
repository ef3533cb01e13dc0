package load

import (
	"slices"
	"time"
)

// Comparison is one workload at both sizes of a scale run.
type Comparison struct {
	Workload      string        `json:"workload"`
	BasePerSecond float64       `json:"basePerSecond"`
	BaseP50       time.Duration `json:"baseP50"`
	BaseP99       time.Duration `json:"baseP99"`
	FullPerSecond float64       `json:"fullPerSecond"`
	FullP50       time.Duration `json:"fullP50"`
	FullP99       time.Duration `json:"fullP99"`
	// Cost is base calls/s ÷ full calls/s: how many times a call costs
	// more at full size. CostByPing divides it by ping's, measured in the
	// same phases: a machine busier during one phase slows ping too. Both
	// are 0 where a rate is 0.
	Cost         float64 `json:"cost"`
	CostByPing   float64 `json:"costByPing"`
	Within       bool    `json:"within"`
	WithinByPing bool    `json:"withinByPing"`
	Errors       int     `json:"errors"`
}

// verdict is what the table says of the comparison; nothing for ping,
// the baseline.
func (c Comparison) verdict() string {
	switch {
	case c.Workload == "ping":
		return ""
	case c.Within && c.WithinByPing:
		return "within"
	case c.Within || c.WithinByPing:
		return "within by one measure"
	}
	return "OVER"
}

// compareSizes sets each workload measured at the base size beside
// itself at full size.
func compareSizes(base, full []Stats, target float64) []Comparison {
	pingCost := 0.0
	if b, ok := find(base, "ping"); ok {
		if f, ok := find(full, "ping"); ok {
			pingCost = cost(b, f)
		}
	}
	var out []Comparison
	for _, b := range base {
		f, ok := find(full, b.Name)
		if !ok {
			continue
		}
		c := Comparison{Workload: b.Name, BasePerSecond: b.PerSecond, BaseP50: b.P50, BaseP99: b.P99,
			FullPerSecond: f.PerSecond, FullP50: f.P50, FullP99: f.P99, Cost: cost(b, f), Errors: b.Errors + f.Errors}
		if c.Cost > 0 && pingCost > 0 {
			c.CostByPing = c.Cost / pingCost
		}
		c.Within = c.Cost > 0 && c.Cost <= target
		c.WithinByPing = c.CostByPing > 0 && c.CostByPing <= target
		out = append(out, c)
	}
	return out
}

// find is the run of the workload named.
func find(all []Stats, name string) (Stats, bool) {
	i := slices.IndexFunc(all, func(s Stats) bool { return s.Name == name })
	if i < 0 {
		return Stats{}, false
	}
	return all[i], true
}

// cost is base calls/s ÷ full calls/s; 0 where either is 0.
func cost(b, f Stats) float64 {
	if b.PerSecond <= 0 || f.PerSecond <= 0 {
		return 0
	}
	return b.PerSecond / f.PerSecond
}
