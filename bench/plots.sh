#!/usr/bin/env bash
# Draws the PNG plots of a bench results directory (scripts/bench.sh calls it) from the CSV
# files there, with gnuplot. Usage: bench/plots.sh DIR
set -euo pipefail

dir=${1:?usage: plots.sh RESULTS_DIR}
cd "$dir"
common='set terminal pngcairo size 1100,480 font ",10"; set datafile separator ","; set key top left; set grid'

if [[ -f efficiency.csv ]]; then
  gnuplot <<EOF
$common
set output "efficiency.png"
set title "Efficiency workflow: bytes per operation kind (2 accounts, 2 sign-ins, 20 sends, 1 read, 2 deletes; warm connection)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "bytes"
set xtics rotate by -20
plot "< sed -n 2,6p efficiency.csv" using 3:xtic(1) title "payload sent (interceptor)", \
     "" using 4 title "payload received", \
     "" using 5 title "TCP wire sent", \
     "" using 6 title "TCP wire received"
EOF
fi

if [[ -f scaling.csv ]]; then
  gnuplot <<EOF
$common
set output "scaling.png"
set multiplot layout 1,2 title "Scaling: k accounts, every pair exchanges one message (k(k-1)/2 messages)"
set logscale x
set xlabel "k (accounts)"
set ylabel "messages per second"
set logscale y
set title "Throughput"
set key bottom right
plot "scaling.csv" using 1:7 with linespoints lw 2 title "Parley, message traffic", \
     "" using 1:8 with linespoints title "Parley, including setup and teardown", \
     "" using 1:27 with points pt 7 ps 1.5 title "notebook gRPC (elapsed incl. setup)"
set title "Latency"
set key bottom right
set ylabel "milliseconds"
plot "scaling.csv" using 1:12 with linespoints title "delivery p50", \
     "" using 1:13 with linespoints lw 2 title "delivery p99", \
     "" using 1:14 with linespoints title "delivery max", \
     "" using 1:(\$28*1000) with points pt 7 ps 1.5 title "notebook max latency"
unset multiplot
EOF
fi

if [[ -f sustained.csv ]]; then
  # The p99 a paced step had to keep to be held: 5 ms unless the run said otherwise.
  limit_ms=$(sed -n 's/.*"p99_limit_us": *\([0-9.e+]*\).*/\1/p' sustained.json 2>/dev/null |
    awk 'NR == 1 {print $1 / 1000}')
  limit_ms=${limit_ms:-5}
  gnuplot <<EOF
$common
set output "sustained.png"
set title "Sustained and floor: p99 latency at fixed offered rates (the same run; $limit_ms ms is the limit of a held step)"
set xlabel "offered calls per second"
set ylabel "p99 latency, ms"
set logscale y
set key top left
paced(kind) = (strcol(1) eq kind && strcol(2) eq "paced")
plot "sustained.csv" using (paced("send") ? \$3 : 1/0):12 with points pt 7 ps 1.3 title "SendMessage: send-to-live-delivery p99", \
     "" using (paced("send") ? \$3 : 1/0):9 with points pt 6 ps 1.3 title "SendMessage: reply p99", \
     "" using (paced("noop") ? \$3 : 1/0):9 with points pt 5 ps 1.1 title "Health/Check (no-op): reply p99", \
     $limit_ms with lines dt 2 lw 2 title "$limit_ms ms"
EOF
fi

if [[ -f subscribers.csv ]]; then
  gnuplot <<EOF
$common
set output "subscribers.png"
set multiplot layout 1,2 title "Subscribers: live streams held open, with a steady message flow"
set xlabel "open streams"
set logscale x
set title "Server memory"
set ylabel "RSS, MB"
set yrange [0:450]
plot "subscribers.csv" using 1:4 with linespoints lw 2 title "idle", \
     "" using 1:5 with linespoints title "peak during the flow", \
     400 with lines dt 2 title "target: 400 MB at 10,000"
set title "Delivery latency during the flow"
set ylabel "milliseconds"
plot "subscribers.csv" using 1:11 with linespoints title "p50", \
     "" using 1:12 with linespoints lw 2 title "p99", \
     "" using 1:13 with linespoints title "max"
unset multiplot
EOF
fi
if [[ -f comparison_scaling.csv ]]; then
  protocols=$(tail -n +2 comparison_scaling.csv | cut -d, -f2 | awk '!seen[$0]++' | tr '\n' ' ')
  gnuplot <<EOF
$common
set output "comparison.png"
set multiplot layout 1,3 title "The protocols side by side: the scaling scenario (k accounts, every pair one message), one run"
set logscale x
set xlabel "k (accounts)"
set key top left
set title "Throughput"
set ylabel "messages per second"
plot for [p in "$protocols"] sprintf("< grep ',%s,' comparison_scaling.csv", p) using 1:3 with linespoints lw 2 title p
set title "Server CPU per message"
set ylabel "microseconds (user + system)"
plot for [p in "$protocols"] sprintf("< grep ',%s,' comparison_scaling.csv", p) using 1:4 with linespoints lw 2 title p
set title "Bytes per message (sent + received)"
set key bottom right
set ylabel "bytes"
set yrange [0:*]
plot for [p in "$protocols"] sprintf("< grep ',%s,' comparison_scaling.csv", p) using 1:6 with linespoints lw 2 title p." TCP", \
     for [p in "$protocols"] sprintf("< grep ',%s,' comparison_scaling.csv", p) using 1:5 with linespoints dt 2 title p." payload"
unset multiplot
EOF
fi
ls -1 "$dir"/*.png 2>/dev/null | sed 's/^/plots: /' || true
