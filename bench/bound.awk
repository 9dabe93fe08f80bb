# bound.awk: the least heap any allocator could replay a trace in, given
# that each block's data starts on an A-byte boundary and is followed by
# at least G bytes it does not give the caller (G = 1 to catch a one-byte
# overflow at free), counted at the moment of peak live bytes.
#	xz -dc TRACE.xz | awk -v A=16 -v G=1 -f bench/bound.awk
function blk(n) { n += G; return int((n + A - 1) / A) * A }
BEGIN { if(A == "") A = 16; if(G == "") G = 1 }
/^#/ { next }
$1 == "a" { live[$2] = $3; cur += $3; need += blk($3) }
$1 == "m" { live[$2] = $4; cur += $4; need += blk($4) }
$1 == "f" { if(!($2 in live)) next; cur -= live[$2]; need -= blk(live[$2]); delete live[$2] }
$1 == "r" {
	if($2 in live){ cur -= live[$2]; need -= blk(live[$2]); delete live[$2] }
	live[$3] = $4; cur += $4; need += blk($4)
}
cur > peak { peak = cur; atpeak = need }
END { printf "peak live %d bytes; blocks at that moment need at least %d: ratio %.3f (A=%d G=%d)\n", peak, atpeak, atpeak / peak, A, G }
