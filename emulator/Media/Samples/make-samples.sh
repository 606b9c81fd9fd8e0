#!/bin/sh
# Makes the emulator's committed sample media (needs ffmpeg; the build and the tests do not).
# landscape.h264, portrait.h264: H.264 Constrained Baseline, Annex B, 24 fps, one 10-second GOP (an IDR frame, then
#   P frames): a dark frame with a yellow square moving near its top-left corner, coded at 1920x1088 / 1088x1920 so that
#   any requested size up to 1920x1080 / 1080x1920 is the coded frame cropped from its top-left (SPS frame cropping).
# tone.aac: AAC-LC, ADTS, 24 kHz mono: 24 frames (1.024 s) of a quiet 375 Hz tone, 16 whole periods per
#   1024-sample frame, so the frames repeat seamlessly; cut from the middle of a longer encoding (no encoder priming).
set -eu
cd "$(dirname "$0")"
video() { # name width height
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "color=c=0x1d3557:s=$2x$3:r=24" -f lavfi -i "color=c=0xf1c40f:s=160x160:r=24" \
    -filter_complex "[0][1]overlay=x='40+mod(t*64\,320)':y=40:shortest=1" -t 10 \
    -c:v libx264 -profile:v baseline -level 4.0 -pix_fmt yuv420p -g 240 -keyint_min 240 -sc_threshold 0 -bf 0 \
    -crf 32 -x264-params ref=1 -bsf:v filter_units=remove_types=6 -f h264 "$1.h264"
}
video landscape 1920 1088
video portrait 1088 1920
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=frequency=375:sample_rate=24000:duration=4" -af volume=0.3 \
  -c:a aac -ac 1 -b:a 16k -f adts long-tone.aac
# ADTS frames 48..71 of the 4-second encoding.
python3 - <<'PY'
data = open("long-tone.aac", "rb").read()
frames, at = [], 0
while at + 7 <= len(data):
    length = ((data[at + 3] & 3) << 11) | (data[at + 4] << 3) | (data[at + 5] >> 5)
    frames.append(data[at:at + length])
    at += length
open("tone.aac", "wb").write(b"".join(frames[48:72]))
PY
rm long-tone.aac
