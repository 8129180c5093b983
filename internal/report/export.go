package report

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"slices"
	"strconv"

	"github.com/cmapbench/cmapbench/internal/stats"
)

// csvName is the export of every summarised cell, beside the README.
const csvName = "cells.csv"

// csvHeader names the export's columns.
var csvHeader = []string{"host", "cpu", "ncpu", "goos", "goarch", "toolchain", "workload", "case", "strategy",
	"gomaxprocs", "unit", "median", "lo", "hi", "n", "file"}

// exportCSV writes, for every host, toolchain and workload, every cell of the workload's
// tables (the metrics they show, tableMetrics) from the file they take the workload
// from: one row per case, strategy, GOMAXPROCS and unit, with the median, its 95% interval (empty with fewer than 6 samples) and the
// sample count. Rows come in the report's order: hosts, toolchains, workloads, then
// strategy, case, GOMAXPROCS and unit.
func exportCSV(sites []site) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(csvHeader)
	for _, s := range sites {
		ds := s.ds
		h := ds.host
		for _, tc := range ds.toolchains {
			for _, wl := range ds.workloads {
				f := tc.source[wl.name]
				if f == nil {
					continue
				}
				for _, id := range sortedIDs(ds, wl, f) {
					st := f.lookup(id)
					lo, hi := "", ""
					if st.N >= stats.MinCI {
						lo, hi = num(st.Lo), num(st.Hi)
					}
					w.Write([]string{h.Label, h.CPU, strconv.Itoa(h.NumCPU), h.OS, h.Arch, tc.name, wl.name,
						wl.describe(id.vals), id.strategy, strconv.Itoa(id.procs), id.unit,
						num(st.median()), lo, hi, strconv.Itoa(st.N), f.name})
				}
			}
		}
	}
	w.Flush()
	return buf.Bytes()
}

// sortedIDs lists f's sets of samples of workload wl in the report's order.
func sortedIDs(ds *dataset, wl *workload, f *rawFile) []sampleID {
	var ids []sampleID
	units := tableMetrics(wl.name)
	for id := range f.samples {
		if id.workload == wl.name && slices.Contains(units, id.unit) {
			ids = append(ids, id)
		}
	}
	byStrategy := strategyCompare()
	slices.SortFunc(ids, func(a, b sampleID) int {
		if c := byStrategy(a.strategy, b.strategy); c != 0 {
			return c
		}
		pa, pb := point{a.vals, a.procs}, point{b.vals, b.procs}
		if wl.pointLess(pa, pb) {
			return -1
		}
		if wl.pointLess(pb, pa) {
			return +1
		}
		return cmp.Compare(a.unit, b.unit)
	})
	return ids
}

// num writes a value with 10 significant digits: enough for any measurement, without the
// float noise of a median halfway between two samples (37.769999999999996).
func num(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }
