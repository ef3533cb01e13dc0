package load

import (
	"fmt"
	"io"
	"strings"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
)

// PrintStats prints the last run of all, with its ratio to the first
// (the baseline) and its first error.
func PrintStats(w io.Writer, all []Stats) {
	s, base := all[len(all)-1], all[0]
	r := ""
	if len(all) > 1 {
		r = ratio(s.PerSecond, base.PerSecond, base.Name)
	}
	fmt.Fprintln(w, s.String()+r)
	if s.CPU != nil {
		cr := ""
		if len(all) > 1 && base.CPU != nil && base.CPU.Total > 0 {
			cr = fmt.Sprintf("  %.2f× %s", float64(s.CPU.Total)/float64(base.CPU.Total), base.Name)
		}
		fmt.Fprintln(w, "    "+s.CPU.String()+cr)
	}
	if s.FirstError != "" {
		fmt.Fprintln(w, "    first error:", s.FirstError)
	}
}

// PrintStep is a search step's line as it ends, and its verdict.
func PrintStep(w io.Writer, step Step) {
	verdict := "passes"
	if step.Fail != "" {
		verdict = "fails: " + step.Fail
	}
	fmt.Fprintf(w, "%s  %s\n", step.String(), verdict)
}

// PrintSaturation prints the last search of all: the highest passing
// rate, with its ratio to the first search's, and what failed above it,
// the figure the search is for and the reason it is not higher.
func PrintSaturation(w io.Writer, all []Saturation) {
	s, base := all[len(all)-1], all[0]
	var limit *Step
	for _, step := range s.Steps {
		if step.Fail != "" && (s.Best == nil || step.Rate > s.Best.Rate) && (limit == nil || step.Rate < limit.Rate) {
			limit = &step
		}
	}
	switch {
	case s.Best == nil && limit == nil:
		fmt.Fprintf(w, "%-20s not measured\n", s.Name)
		return
	case s.Best == nil:
		fmt.Fprintf(w, "%-20s no rate passes\n", s.Name)
	default:
		rate := fmt.Sprintf("%.1f/s", s.Best.Rate)
		if s.Capped {
			// The search stopped at --max-rate still passing.
			rate = "≥ " + rate
		}
		r := ""
		if len(all) > 1 && base.Best != nil {
			r = ratio(s.Best.Rate, base.Best.Rate, base.Name)
		}
		fmt.Fprintf(w, "%-20s saturates at %11s  p50 %-9s p99 %s%s\n", s.Name, rate, round(s.Best.P50), round(s.Best.P99), r)
	}
	if limit != nil {
		fmt.Fprintf(w, "    at %.1f/s: %s\n", limit.Rate, limit.Fail)
		if limit.FirstError != "" {
			fmt.Fprintln(w, "    first error:", limit.FirstError)
		}
	}
}

// ratio is "  0.92× noop", set beside the baseline named.
func ratio(v, base float64, name string) string {
	if base <= 0 {
		return ""
	}
	return fmt.Sprintf("  %.2f× %s", v/base, name)
}

// PrintScale prints a scale run: what each size held, each workload's
// cost at full size, and the nodes' growth.
func PrintScale(w io.Writer, r ScaleReport) {
	printPhases(w, r)
	printComparison(w, r)
	fmt.Fprintln(w)
	printResources(w, r)
}

func printPhases(w io.Writer, r ScaleReport) {
	for _, p := range []struct {
		name  string
		phase ScalePhase
	}{{"base", r.Base}, {"full", r.Full}} {
		ph := p.phase
		inForce := int64(0)
		for _, c := range ph.InForce {
			if c.Kind == creditapi.Dishonest {
				inForce += c.Active
			}
		}
		fmt.Fprintf(w, "%s size: %d records and %d people (%d listings) added by this run; height %d; %d dishonest listings of court %s in force\n",
			p.name, ph.Records, ph.People, ph.Listings, ph.Height, inForce, r.Court)
		fmt.Fprintf(w, "    %s\n    %s\n", ph.Anchoring, ph.Listing)
	}
}

// printComparison is the table of costs, then the errors of each size.
func printComparison(w io.Writer, r ScaleReport) {
	fmt.Fprintf(w, "\n%d callers, %s each; cost = base calls/s ÷ full calls/s, by ping = cost ÷ ping's cost; target ≤ %.1f×\n",
		r.Clients, r.Duration, r.Target)
	fmt.Fprintf(w, "%-8s %12s %9s %9s %12s %9s %9s %7s %8s\n", "workload", "base call/s", "p50", "p99", "full call/s", "p50", "p99", "cost", "by ping")
	for _, c := range r.Comparison {
		line := fmt.Sprintf("%-8s %12.1f %9s %9s %12.1f %9s %9s %7s %8s  %s", c.Workload, c.BasePerSecond, round(c.BaseP50), round(c.BaseP99),
			c.FullPerSecond, round(c.FullP50), round(c.FullP99), timesOrDash(c.Cost), timesOrDash(c.CostByPing), c.verdict())
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	for _, p := range []struct {
		name  string
		stats []Stats
	}{{"base", r.Base.Workloads}, {"full", r.Full.Workloads}} {
		for _, s := range p.stats {
			if s.Errors > 0 {
				fmt.Fprintf(w, "    %s at %s size: %d errors; first: %s\n", s.Name, p.name, s.Errors, s.FirstError)
			}
		}
	}
}

var resourceNames = map[string]string{"memory": "memory (RSS)", "state": "state DB", "history": "history DB", "blocks": "blocks", "private": "private data"}

// printResources is the first note on usage there is, then the table of
// growth and the processes that could not be read.
func printResources(w io.Writer, r ScaleReport) {
	for _, note := range []string{r.Base.Usage.Note, r.AfterAnchoring.Note, r.Full.Usage.Note} {
		if note != "" {
			fmt.Fprintln(w, note)
			break
		}
	}
	if len(r.Resources) == 0 {
		return
	}
	fmt.Fprintf(w, "%-20s %-13s %11s %11s %15s %18s\n", "node", "figure", "base", "full", "per 1M records", "per 100k listings")
	for _, x := range r.Resources {
		fmt.Fprintf(w, "%-20s %-13s %11s %11s %15s %18s\n", x.Node, resourceNames[x.What], megabytes(float64(x.Base)), megabytes(float64(x.Full)),
			megabytes(x.PerMillionRecords), megabytes(x.PerHundredThousandListings))
	}
	for _, p := range []struct {
		name  string
		usage NodeUsage
	}{{"base", r.Base.Usage}, {"full", r.Full.Usage}} {
		for _, proc := range p.usage.Processes {
			if proc.Error != "" {
				fmt.Fprintf(w, "    %s at %s size: %s\n", proc.Node, p.name, proc.Error)
			}
		}
	}
}

// timesOrDash is "1.05×", or "-" for a ratio that could not be taken.
func timesOrDash(x float64) string {
	if x <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", x)
}

func megabytes(b float64) string { return fmt.Sprintf("%.1f MB", b/1e6) }
