package bench

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// CustomMixName is the workload that runs a mix the user describes (make bench MIX=...):
// Mix's operations on exactly the parameters given.
const CustomMixName = "CustomMix"

// mixParam is a parameter of a custom mix: its default and how to check a value.
type mixParam struct {
	key, def string
	// valid says which values are valid, for the error message.
	valid string
	// check returns the value as the sub-benchmark name writes it, or an error.
	check func(v string) (string, error)
}

// Limits of a custom mix's parameters.
const (
	maxMixKeys        = 10_000_000
	maxMixParallelism = 256
	minTheta, maxThet = 0.01, 3.0
)

// thetaNone is theta's value in the name of a mix with uniform keys.
const thetaNone = "none"

// mixParams are a custom mix's parameters in name order, with Mix's names.
var mixParams = []mixParam{
	{key: "keys", def: "1000", valid: fmt.Sprintf("a whole number of keys from 1 to %d", maxMixKeys), check: intIn(1, maxMixKeys, "")},
	{key: "keytype", def: keyInt, valid: keyInt + " or " + keyString + " (17-byte keys)", check: oneOf(keyInt, keyString)},
	{key: "dist", def: distUniform, valid: distUniform + " or " + distZipf, check: oneOf(distUniform, distZipf)},
	{key: "theta", def: strconv.FormatFloat(zipfTheta, 'g', -1, 64), valid: fmt.Sprintf("the Zipf skew, from %g to %g except 1 (0.99 and 1.01 are as skewed); only with dist=zipf", minTheta, maxThet), check: func(v string) (string, error) {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || t < minTheta || t > maxThet || t == 1 {
			return "", errInvalid
		}
		return strconv.FormatFloat(t, 'g', -1, 64), nil
	}},
	{key: "reads", def: "90%", valid: "a whole percentage from 0% to 100% (the rest are Stores and Deletes, evenly split)", check: intIn(0, 100, "%")},
	{key: "parallelism", def: "1", valid: fmt.Sprintf("goroutines per P, from 1 to %d", maxMixParallelism), check: intIn(1, maxMixParallelism, "")},
}

// errInvalid marks a value a mixParam's check rejects; the error names the valid ones.
var errInvalid = errors.New("invalid value")

// intIn accepts a whole number from lo to hi, followed by suffix or not, and writes it
// with suffix.
func intIn(lo, hi int, suffix string) func(string) (string, error) {
	return func(v string) (string, error) {
		n, err := strconv.Atoi(strings.TrimSuffix(v, suffix))
		if err != nil || n < lo || n > hi {
			return "", errInvalid
		}
		return strconv.Itoa(n) + suffix, nil
	}
}

func oneOf(valid ...string) func(string) (string, error) {
	return func(v string) (string, error) {
		if !slices.Contains(valid, v) {
			return "", errInvalid
		}
		return v, nil
	}
}

// MixDefaults describes a custom mix's parameters and their defaults, for usage texts:
// "keys=1000 keytype=int dist=uniform theta=0.99 (with dist=zipf) reads=90% parallelism=1".
func MixDefaults() string {
	var parts []string
	for _, p := range mixParams {
		s := p.key + "=" + p.def
		if p.key == "theta" {
			s += " (with dist=zipf)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// ParseMix returns the workload that runs the mix spec describes: comma-separated
// key=value pairs with Mix's parameter names (keys, keytype, dist, theta, reads,
// parallelism), each optional (see MixDefaults). An unknown parameter, a repeated one or
// a value out of range is an error that names the parameter and what is valid.
func ParseMix(spec string) (*Workload, error) {
	given := map[string]string{}
	for _, kv := range strings.Split(spec, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		i := slices.IndexFunc(mixParams, func(p mixParam) bool { return p.key == k })
		switch {
		case !ok:
			return nil, fmt.Errorf("MIX %q: %q is not key=value", spec, kv)
		case i < 0:
			return nil, fmt.Errorf("MIX %q: unknown parameter %q (valid: %s)", spec, k, mixKeys())
		case given[k] != "":
			return nil, fmt.Errorf("MIX %q: %s is given twice", spec, k)
		}
		got, err := mixParams[i].check(v)
		if err != nil {
			return nil, fmt.Errorf("MIX %q: %s=%s: want %s", spec, k, v, mixParams[i].valid)
		}
		given[k] = got
	}
	values := make([]string, len(mixParams))
	for i, p := range mixParams {
		values[i] = cmp.Or(given[p.key], p.def)
		if p.key == "theta" && cmp.Or(given["dist"], distUniform) == distUniform {
			if given["theta"] != "" {
				return nil, fmt.Errorf("MIX %q: theta=%s: theta is the skew of dist=zipf; with uniform keys leave it out", spec, given["theta"])
			}
			values[i] = thetaNone
		}
	}
	return customMix(values), nil
}

func mixKeys() string {
	var keys []string
	for _, p := range mixParams {
		keys = append(keys, p.key)
	}
	return strings.Join(keys, ", ")
}

// customMix returns the CustomMix workload whose one case (per strategy) has values,
// in mixParams' order.
func customMix(values []string) *Workload {
	w := &Workload{
		Name:        CustomMixName,
		Doc:         "your mix (`make bench MIX=...`): Mix's op on exactly the parameters given, " + MixDefaults() + " when not given",
		Metrics:     mixWorkload.Metrics,
		PerStrategy: true,
		Goroutines:  func(c Case, procs int) int { return procs * c.Int("parallelism") },
		Run:         runMixCase,
		Open:        mixSituation,
	}
	for i, p := range mixParams {
		w.Params = append(w.Params, Param{Key: p.key, Default: []string{values[i]}})
	}
	return w
}

// customMixWorkload is the catalog's CustomMix: the mix of all defaults, which go test
// runs when no -mix is given.
var customMixWorkload = defaultMix()

// defaultMix is the mix of no parameter given: ParseMix's defaults, which it cannot
// refuse.
func defaultMix() *Workload {
	w, err := ParseMix("")
	if err != nil {
		panic(err)
	}
	return w
}

// mixSituation is the guide's situation for a custom mix whose values get returns.
func mixSituation(get func(key string) string) Situation {
	var params []string
	for _, p := range mixParams {
		params = append(params, p.key+"="+get(p.key))
	}
	keys, _ := strconv.Atoi(get("keys"))
	dist := "uniform keys"
	if get("dist") == distZipf {
		dist = "Zipfian keys (theta " + get("theta") + ")"
	}
	kt := "int keys"
	if get("keytype") == keyString {
		kt = "17-byte string keys"
	}
	q := fmt.Sprintf("a warm %s-key map, %s Loads (the rest Stores and Deletes), %s, %s", thousands(keys), get("reads"), dist, kt)
	if par := get("parallelism"); par != "1" {
		q += ", from " + par + " goroutines per P"
	}
	return Situation{Title: "Custom mix", Question: q, Params: params, Uses: Guide}
}

// thousands writes n with commas: 50,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
