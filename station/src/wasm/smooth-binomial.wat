;; A raster smoothed by the 3 × 3 binomial kernel ([1 2 1] across, then [1 2 1] down, / 16, rounded:
;; a Gaussian of σ ≈ 0.71 in pixels), each of its `c` interleaved channels on its own, the edges
;; repeated (`imaging/smooth-binomial.ts` says why). Memory (byte offsets given by the caller): the
;; raster (`stride` = width × c bytes a row, `h` rows), a ring of three rows smoothed across (u16,
;; 2 × stride bytes each), the result (as the raster; it may be the raster itself: a row is written
;; only once its own bytes and those of the row above are in the ring, and the row below is read into
;; the ring before it). Sixteen bytes a step, the last ones of a row one at a time; sums stay below
;; 4,096 (16 × 255 + 8), so 16-bit lanes never overflow. The ring (a few kilobytes) stays in the
;; processor's cache, where rows smoothed across for the whole raster (twice its size) did not.
(module
  (import "env" "memory" (memory 1))

  ;; Byte `x` of the row at `row` ([0, stride)) smoothed across: the byte `c` before and after it
  ;; (itself beyond the row's ends), plus twice itself.
  (func $across_one (param $row i32) (param $x i32) (param $c i32) (param $stride i32) (result i32)
    (local $mid i32)
    (local.set $mid (i32.load8_u (i32.add (local.get $row) (local.get $x))))
    (i32.add
      (i32.add
        (i32.shl (local.get $mid) (i32.const 1))
        (if (result i32) (i32.ge_s (i32.sub (local.get $x) (local.get $c)) (i32.const 0))
          (then (i32.load8_u (i32.add (local.get $row) (i32.sub (local.get $x) (local.get $c)))))
          (else (local.get $mid))))
      (if (result i32) (i32.lt_s (i32.add (local.get $x) (local.get $c)) (local.get $stride))
        (then (i32.load8_u (i32.add (local.get $row) (i32.add (local.get $x) (local.get $c)))))
        (else (local.get $mid)))))

  ;; The row at `row` (`stride` bytes) smoothed across, into the u16 row at `out`.
  (func $across_row (param $row i32) (param $out i32) (param $stride i32) (param $c i32)
    (local $x i32) (local $a v128) (local $b v128) (local $d v128)
    ;; the first `c` bytes (no byte before them)
    (local.set $x (i32.const 0))
    (block $head_done
      (loop $head
        (br_if $head_done (i32.ge_s (local.get $x) (local.get $c)))
        (br_if $head_done (i32.ge_s (local.get $x) (local.get $stride)))
        (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 1)))
          (call $across_one (local.get $row) (local.get $x) (local.get $c) (local.get $stride)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $head)))
    (local.set $x (local.get $c))
    ;; sixteen bytes a step while the bytes `c` after them are in the row
    (block $body_done
      (loop $body
        (br_if $body_done (i32.gt_s (i32.add (i32.add (local.get $x) (i32.const 16)) (local.get $c)) (local.get $stride)))
        (local.set $a (v128.load align=1 (i32.sub (i32.add (local.get $row) (local.get $x)) (local.get $c))))
        (local.set $b (v128.load align=1 (i32.add (local.get $row) (local.get $x))))
        (local.set $d (v128.load align=1 (i32.add (i32.add (local.get $row) (local.get $x)) (local.get $c))))
        (v128.store align=1 (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 1)))
          (i16x8.add
            (i16x8.add (i16x8.extend_low_i8x16_u (local.get $a)) (i16x8.extend_low_i8x16_u (local.get $d)))
            (i16x8.shl (i16x8.extend_low_i8x16_u (local.get $b)) (i32.const 1))))
        (v128.store offset=16 align=1 (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 1)))
          (i16x8.add
            (i16x8.add (i16x8.extend_high_i8x16_u (local.get $a)) (i16x8.extend_high_i8x16_u (local.get $d)))
            (i16x8.shl (i16x8.extend_high_i8x16_u (local.get $b)) (i32.const 1))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $body)))
    ;; the rest of the row, one byte at a time
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_s (local.get $x) (local.get $stride)))
        (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 1)))
          (call $across_one (local.get $row) (local.get $x) (local.get $c) (local.get $stride)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $tail))))

  ;; Slot `y` mod 3 of the ring at `ring` (rows of `row2` bytes).
  (func $slot (param $ring i32) (param $row2 i32) (param $y i32) (result i32)
    (i32.add (local.get $ring) (i32.mul (i32.rem_u (local.get $y) (i32.const 3)) (local.get $row2))))

  ;; The raster at `src` (`stride` bytes a row, `h` rows, `c` channels a pixel) smoothed into `dst`
  ;; (`src` itself allowed), through the ring of three u16 rows at `ring` (6 × stride bytes).
  (func (export "smooth") (param $src i32) (param $ring i32) (param $dst i32) (param $stride i32) (param $h i32) (param $c i32)
    (local $y i32) (local $x i32) (local $up i32) (local $mid i32) (local $down i32) (local $out i32) (local $row2 i32)
    (local $lo v128) (local $hi v128)
    (local.set $row2 (i32.shl (local.get $stride) (i32.const 1)))
    ;; the first row (and the second, when there is one) smoothed across before any row is written
    (if (i32.gt_s (local.get $h) (i32.const 0))
      (then (call $across_row (local.get $src) (local.get $ring) (local.get $stride) (local.get $c))))
    (if (i32.gt_s (local.get $h) (i32.const 1))
      (then (call $across_row (i32.add (local.get $src) (local.get $stride)) (i32.add (local.get $ring) (local.get $row2)) (local.get $stride) (local.get $c))))
    (local.set $y (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $h)))
        (local.set $mid (call $slot (local.get $ring) (local.get $row2) (local.get $y)))
        (local.set $up (select (call $slot (local.get $ring) (local.get $row2) (i32.add (local.get $y) (i32.const 2))) (local.get $mid) (i32.gt_s (local.get $y) (i32.const 0))))
        (local.set $down (select (call $slot (local.get $ring) (local.get $row2) (i32.add (local.get $y) (i32.const 1))) (local.get $mid)
          (i32.lt_s (local.get $y) (i32.sub (local.get $h) (i32.const 1)))))
        (local.set $out (i32.add (local.get $dst) (i32.mul (local.get $y) (local.get $stride))))
        (local.set $x (i32.const 0))
        ;; sixteen bytes a step: (up + 2 · mid + down + 8) >> 4, two vectors of eight sums narrowed to bytes
        (block $body_done
          (loop $body
            (br_if $body_done (i32.gt_s (i32.add (local.get $x) (i32.const 16)) (local.get $stride)))
            (local.set $lo
              (i16x8.shr_u
                (i16x8.add
                  (i16x8.add
                    (v128.load align=1 (i32.add (local.get $up) (i32.shl (local.get $x) (i32.const 1))))
                    (v128.load align=1 (i32.add (local.get $down) (i32.shl (local.get $x) (i32.const 1)))))
                  (i16x8.add
                    (i16x8.shl (v128.load align=1 (i32.add (local.get $mid) (i32.shl (local.get $x) (i32.const 1)))) (i32.const 1))
                    (i16x8.splat (i32.const 8))))
                (i32.const 4)))
            (local.set $hi
              (i16x8.shr_u
                (i16x8.add
                  (i16x8.add
                    (v128.load offset=16 align=1 (i32.add (local.get $up) (i32.shl (local.get $x) (i32.const 1))))
                    (v128.load offset=16 align=1 (i32.add (local.get $down) (i32.shl (local.get $x) (i32.const 1)))))
                  (i16x8.add
                    (i16x8.shl (v128.load offset=16 align=1 (i32.add (local.get $mid) (i32.shl (local.get $x) (i32.const 1)))) (i32.const 1))
                    (i16x8.splat (i32.const 8))))
                (i32.const 4)))
            (v128.store align=1 (i32.add (local.get $out) (local.get $x)) (i8x16.narrow_i16x8_u (local.get $lo) (local.get $hi)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $body)))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_s (local.get $x) (local.get $stride)))
            (i32.store8 (i32.add (local.get $out) (local.get $x))
              (i32.shr_u
                (i32.add
                  (i32.add
                    (i32.load16_u (i32.add (local.get $up) (i32.shl (local.get $x) (i32.const 1))))
                    (i32.load16_u (i32.add (local.get $down) (i32.shl (local.get $x) (i32.const 1)))))
                  (i32.add
                    (i32.shl (i32.load16_u (i32.add (local.get $mid) (i32.shl (local.get $x) (i32.const 1)))) (i32.const 1))
                    (i32.const 8)))
                (i32.const 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $tail)))
        ;; row y + 2 smoothed across into the slot row y − 1 held (no longer read), its bytes still unwritten
        (if (i32.lt_s (i32.add (local.get $y) (i32.const 2)) (local.get $h))
          (then (call $across_row
            (i32.add (local.get $src) (i32.mul (i32.add (local.get $y) (i32.const 2)) (local.get $stride)))
            (call $slot (local.get $ring) (local.get $row2) (i32.add (local.get $y) (i32.const 2)))
            (local.get $stride) (local.get $c))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))))
