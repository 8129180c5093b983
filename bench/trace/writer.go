package trace

// The writer goroutine: it takes the streams' full blocks, samples them near the size
// bound and writes them.

// writer writes the blocks of the queue until Close closes it.
func (r *Recorder) writer() {
	defer close(r.done)
	enc := new(encoder)
	out := make([]byte, 0, blockHeaderSize+r.blockOps*maxOpSize)
	pos := r.bytes.Load()
	for blk := range r.queue {
		if blk.sync != nil {
			close(blk.sync)
			continue
		}
		ops := blk.buf.ops
		n := uint64(len(ops))
		r.wmask |= blk.mask
		switch {
		case r.werr != nil:
			r.dropped.Add(n)
		case blk.seq&(1<<sampleLevel(pos, r.max)-1) != 0:
			r.sampled.Add(n)
		default:
			out = appendBlockHeader(out[:0], blockOps, blk.mask, blk.stream, uint32(n))
			out = enc.appendOps(out, ops)
			finishBlock(out)
			if pos+int64(len(out))+endBlockSize > r.max {
				r.sampled.Add(n)
				break
			}
			m, err := r.w.Write(out)
			pos += int64(m)
			r.bytes.Store(pos)
			if err != nil {
				r.werr = err
				r.dropped.Add(n)
				break
			}
			for _, op := range ops {
				r.wcounts[op.Kind]++
			}
			r.wblocks++
		}
		blk.buf.ops = blk.buf.ops[:0]
		r.bufs.Put(blk.buf)
	}
}

// sampleLevel returns the sampling level at file position pos of a file bounded by
// max: 0 (keep every block) below max/2, then k when the room left is at most
// max/2^k, where a stream keeps one of every 2^k of its blocks.
func sampleLevel(pos, max int64) uint {
	var k uint
	for t := max / 2; t > 0 && max-pos <= t && k < 63; t /= 2 {
		k++
	}
	return k
}

// drain waits until the writer has handled every block handed to it so far.
func (r *Recorder) drain() {
	c := make(chan struct{})
	r.queue <- block{sync: c}
	<-c
}
