;; The colour measure's passes over a page's RGB preview (`imaging/colour-passes.ts` lays out the
;; memory, fills the tables and reads the results; `colour-content.ts` and `colour-cells.ts` say what
;; they are for). The preview is copied in once a page and read by both passes.
;;
;; Memory (byte offsets):
;;   0        luma counts, 256 u32 (the sums of the rows of red counts)
;;   1024     channel values counted by luma, 3 × 65,536 u32: [c · 65536 + luma · 256 + value]
;;   787456   f64 tables, 256 entries each but the first: half green differences, stretched
;;            (index: difference + 255; 512 entries, the last unused) then at 791552, 793600, 795648
;;            the stretched values of green, red, blue
;;   799744   step 2's parameters: red's four byte offsets, blue's (i32); then f64 pairs (red, blue):
;;            the four bilinear weights, the black, the scale
;;   799872   the sums, 7 f64: gyy, gxx, gxy, then red's right-hand side along y and x, then blue's
;;   799936   a cell's parameters (as step 2's, for the final shifts); at 800032 its sums, 3 f64
;;   1048576  the preview, 3 bytes a pixel
;;
;; The float64 sums are those of the JavaScript they replace, to the last bit: each running sum is
;; one lane of its own (red and blue side by side, or y and x), added to in the same order, from
;; products of the same values; no lane is ever added to another.
(module
  (import "env" "memory" (memory 1))

;; Paper pass: every other pixel of `n` from column `x0`, every other row from `y0` below `y1`:
  ;; each one's channels' values counted by its luma (r · 77 + g · 150 + b · 29) >> 8; then each
  ;; luma's count, the sum of its row of red counts. A count of each luma made in the loop would be
  ;; the one every pixel of paper adds to in turn, each addition waiting for the one before (the
  ;; pass took a quarter longer).
  (func (export "count") (param $width i32) (param $x0 i32) (param $y0 i32) (param $y1 i32) (param $n i32)
    (local $y i32) (local $i i32) (local $e i32) (local $l i32) (local $r i32) (local $g i32) (local $b i32)
    (local.set $y (local.get $y0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $i (i32.add (i32.const 1048576)
          (i32.mul (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x0)) (i32.const 3))))
        (local.set $e (i32.add (local.get $i) (i32.mul (local.get $n) (i32.const 6))))
        (block $px_done
          (loop $px
            (br_if $px_done (i32.ge_u (local.get $i) (local.get $e)))
            (local.set $r (i32.load8_u offset=0 (local.get $i)))
            (local.set $g (i32.load8_u offset=1 (local.get $i)))
            (local.set $b (i32.load8_u offset=2 (local.get $i)))
            ;; the byte offset of the pixel's luma's row of 256 counts
            (local.set $l (i32.shl
              (i32.shr_u
                (i32.add (i32.add (i32.mul (local.get $r) (i32.const 77)) (i32.mul (local.get $g) (i32.const 150)))
                  (i32.mul (local.get $b) (i32.const 29)))
                (i32.const 8))
              (i32.const 10)))
            (local.set $r (i32.add (local.get $l) (i32.shl (local.get $r) (i32.const 2))))
            (i32.store offset=1024 (local.get $r) (i32.add (i32.load offset=1024 (local.get $r)) (i32.const 1)))
            (local.set $g (i32.add (local.get $l) (i32.shl (local.get $g) (i32.const 2))))
            (i32.store offset=263168 (local.get $g) (i32.add (i32.load offset=263168 (local.get $g)) (i32.const 1)))
            (local.set $b (i32.add (local.get $l) (i32.shl (local.get $b) (i32.const 2))))
            (i32.store offset=525312 (local.get $b) (i32.add (i32.load offset=525312 (local.get $b)) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 6)))
            (br $px)))
        (local.set $y (i32.add (local.get $y) (i32.const 2)))
        (br $rows)))
    ;; each luma's count: its red row's sum
    (local.set $l (i32.const 0))
    (loop $sums
      (i32.store (i32.shl (local.get $l) (i32.const 2))
        (call $row_sum (i32.add (i32.shl (local.get $l) (i32.const 10)) (i32.const 1024))))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br_if $sums (i32.lt_u (local.get $l) (i32.const 256)))))

  ;; The sum of the 256 u32 at `p`.
  (func $row_sum (param $p i32) (result i32)
    (local $e i32) (local $acc v128)
    (local.set $e (i32.add (local.get $p) (i32.const 1024)))
    (loop $add
      (local.set $acc (i32x4.add (local.get $acc) (v128.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $add (i32.lt_u (local.get $p) (local.get $e))))
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
             (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; Registration, step 1 (no shift yet): over every other pixel of `n` from column `x0` of every third
  ;; row from `y0` below `y1`, with gy, gx the stretched half differences of green below and above,
  ;; right and left, g the stretched green, dR, dB the stretched red and blue less g: the sums of
  ;; gy·gy, gx·gx, gx·gy, dR·gy, dR·gx, dB·gy, dB·gx.
  (func (export "first_step") (param $width i32) (param $x0 i32) (param $y0 i32) (param $y1 i32) (param $n i32)
    (local $row i32) (local $y i32) (local $i i32) (local $e i32)
    (local $gy f64) (local $gx f64) (local $v v128) (local $d v128)
    (local $gg v128) (local $gxy f64) (local $ay v128) (local $ax v128)
    (local.set $row (i32.mul (local.get $width) (i32.const 3)))
    (local.set $y (local.get $y0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $i (i32.add (i32.const 1048576)
          (i32.mul (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x0)) (i32.const 3))))
        (local.set $e (i32.add (local.get $i) (i32.mul (local.get $n) (i32.const 6))))
        (block $px_done
          (loop $px
            (br_if $px_done (i32.ge_u (local.get $i) (local.get $e)))
            (local.set $gy (f64.load offset=787456 (i32.shl
              (i32.add (i32.sub (i32.load8_u offset=1 (i32.add (local.get $i) (local.get $row)))
                                (i32.load8_u offset=1 (i32.sub (local.get $i) (local.get $row))))
                       (i32.const 255))
              (i32.const 3))))
            (local.set $gx (f64.load offset=787456 (i32.shl
              (i32.add (i32.sub (i32.load8_u offset=4 (local.get $i))
                                (i32.load8_u (i32.sub (local.get $i) (i32.const 2))))
                       (i32.const 255))
              (i32.const 3))))
            ;; (dR, dB) = (red, blue) − g
            (local.set $d (f64x2.sub
              (v128.load64_lane offset=795648 1 (i32.shl (i32.load8_u offset=2 (local.get $i)) (i32.const 3))
                (v128.load64_zero offset=793600 (i32.shl (i32.load8_u offset=0 (local.get $i)) (i32.const 3))))
              (v128.load64_splat offset=791552 (i32.shl (i32.load8_u offset=1 (local.get $i)) (i32.const 3)))))
            (local.set $v (f64x2.replace_lane 1 (f64x2.splat (local.get $gy)) (local.get $gx)))
            (local.set $gg (f64x2.add (local.get $gg) (f64x2.mul (local.get $v) (local.get $v))))
            (local.set $gxy (f64.add (local.get $gxy) (f64.mul (local.get $gx) (local.get $gy))))
            (local.set $ay (f64x2.add (local.get $ay) (f64x2.mul (local.get $d) (f64x2.splat (local.get $gy)))))
            (local.set $ax (f64x2.add (local.get $ax) (f64x2.mul (local.get $d) (f64x2.splat (local.get $gx)))))
            (local.set $i (i32.add (local.get $i) (i32.const 6)))
            (br $px)))
        (local.set $y (i32.add (local.get $y) (i32.const 3)))
        (br $rows)))
    (call $store_sums (local.get $ay) (local.get $ax))
    (f64.store offset=799872 (i32.const 0) (f64x2.extract_lane 0 (local.get $gg)))
    (f64.store offset=799880 (i32.const 0) (f64x2.extract_lane 1 (local.get $gg)))
    (f64.store offset=799888 (i32.const 0) (local.get $gxy)))

  ;; The right-hand sides (red's along y and x, blue's) from (red, blue) sums along y and along x.
  (func $store_sums (param $ay v128) (param $ax v128)
    (f64.store offset=799896 (i32.const 0) (f64x2.extract_lane 0 (local.get $ay)))
    (f64.store offset=799904 (i32.const 0) (f64x2.extract_lane 0 (local.get $ax)))
    (f64.store offset=799912 (i32.const 0) (f64x2.extract_lane 1 (local.get $ay)))
    (f64.store offset=799920 (i32.const 0) (f64x2.extract_lane 1 (local.get $ax))))

  ;; Registration, step 2: the same samples, red and blue read moved back by step 1's shifts
  ;; (bilinear: the four byte offsets and weights of the parameters), stretched, less g: the sums
  ;; of dR·gy, dR·gx, dB·gy, dB·gx.
  (func (export "second_step") (param $width i32) (param $x0 i32) (param $y0 i32) (param $y1 i32) (param $n i32)
    (local $row i32) (local $y i32) (local $i i32) (local $e i32)
    (local $r1 i32) (local $r3 i32) (local $b1 i32) (local $b3 i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $k v128) (local $s v128)
    (local $gy f64) (local $gx f64) (local $d v128) (local $ay v128) (local $ax v128) (local $top v128) (local $low v128)
    (local.set $r1 (i32.load offset=799748 (i32.const 0)))
    (local.set $r3 (i32.load offset=799756 (i32.const 0)))
    (local.set $b1 (i32.load offset=799764 (i32.const 0)))
    (local.set $b3 (i32.load offset=799772 (i32.const 0)))
    (local.set $w0 (v128.load offset=799776 (i32.const 0)))
    (local.set $w1 (v128.load offset=799792 (i32.const 0)))
    (local.set $w2 (v128.load offset=799808 (i32.const 0)))
    (local.set $w3 (v128.load offset=799824 (i32.const 0)))
    (local.set $k (v128.load offset=799840 (i32.const 0)))
    (local.set $s (v128.load offset=799856 (i32.const 0)))
    (local.set $row (i32.mul (local.get $width) (i32.const 3)))
    (local.set $y (local.get $y0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $i (i32.add (i32.const 1048576)
          (i32.mul (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x0)) (i32.const 3))))
        (local.set $e (i32.add (local.get $i) (i32.mul (local.get $n) (i32.const 6))))
        (block $px_done
          (loop $px
            (br_if $px_done (i32.ge_u (local.get $i) (local.get $e)))
            (local.set $gy (f64.load offset=787456 (i32.shl
              (i32.add (i32.sub (i32.load8_u offset=1 (i32.add (local.get $i) (local.get $row)))
                                (i32.load8_u offset=1 (i32.sub (local.get $i) (local.get $row))))
                       (i32.const 255))
              (i32.const 3))))
            (local.set $gx (f64.load offset=787456 (i32.shl
              (i32.add (i32.sub (i32.load8_u offset=4 (local.get $i))
                                (i32.load8_u (i32.sub (local.get $i) (i32.const 2))))
                       (i32.const 255))
              (i32.const 3))))
            ;; red's and blue's reads at once: 8 bytes from p1 (p1 at byte 0, p0 at 3) and from p3 (p3 at
            ;; 0, p2 at 3), red's in the low half, blue's in the high half (`offsets` in colour-cells.ts:
            ;; p1 is p0 − 3, p2 is p0 − row, p3 is p2 − 3, whatever the shift); the bytes past p0 or p2
            ;; (at most 4 past the raster's last byte, inside the pad `preview-memory.ts` leaves) are not used
            (local.set $top (v128.load64_lane 1 (i32.add (local.get $i) (local.get $b1))
              (v128.load64_zero (i32.add (local.get $i) (local.get $r1)))))
            (local.set $low (v128.load64_lane 1 (i32.add (local.get $i) (local.get $b3))
              (v128.load64_zero (i32.add (local.get $i) (local.get $r3)))))
            ;; ((p0·w0 + p1·w1 + p2·w2 + p3·w3 − black) · scale) − g, red and blue side by side; pj: the
            ;; bytes read at red's and blue's j-th offsets, as f64 (exact)
            (local.set $d (f64x2.sub
              (f64x2.mul
                (f64x2.sub
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add
                        (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $top) (v128.const i8x16 3 255 255 255 11 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w0))
                        (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $top) (v128.const i8x16 0 255 255 255 8 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w1)))
                      (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $low) (v128.const i8x16 3 255 255 255 11 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w2)))
                    (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $low) (v128.const i8x16 0 255 255 255 8 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w3)))
                  (local.get $k))
                (local.get $s))
              (v128.load64_splat offset=791552 (i32.shl (i32.load8_u offset=1 (local.get $i)) (i32.const 3)))))
            (local.set $ay (f64x2.add (local.get $ay) (f64x2.mul (local.get $d) (f64x2.splat (local.get $gy)))))
            (local.set $ax (f64x2.add (local.get $ax) (f64x2.mul (local.get $d) (f64x2.splat (local.get $gx)))))
            (local.set $i (i32.add (local.get $i) (i32.const 6)))
            (br $px)))
        (local.set $y (i32.add (local.get $y) (i32.const 3)))
        (br $rows)))
    (call $store_sums (local.get $ay) (local.get $ax)))
  ;; A cell's sums for its mean colour (`CellChroma`): the `cell` × `cell` pixels from byte `i` of the
  ;; preview, `row` bytes a row; red and blue read at the byte offsets and with the weights at 799936
  ;; (as step 2's parameters, for the final shifts). Each row's sums in float64 (green's an integer),
  ;; added to float32 running sums: red's, green's, blue's to `dst` (as f64).
  (func $sums (param $i i32) (param $cell i32) (param $row i32) (param $dst i32)
    (local $r1 i32) (local $r3 i32) (local $b1 i32) (local $b3 i32) (local $top v128) (local $low v128)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $y i32) (local $p i32) (local $e i32) (local $gi i32) (local $rb v128) (local $srb v128) (local $sg f64)
    (local.set $r1 (i32.load offset=799940 (i32.const 0)))
    (local.set $r3 (i32.load offset=799948 (i32.const 0)))
    (local.set $b1 (i32.load offset=799956 (i32.const 0)))
    (local.set $b3 (i32.load offset=799964 (i32.const 0)))
    (local.set $w0 (v128.load offset=799968 (i32.const 0)))
    (local.set $w1 (v128.load offset=799984 (i32.const 0)))
    (local.set $w2 (v128.load offset=800000 (i32.const 0)))
    (local.set $w3 (v128.load offset=800016 (i32.const 0)))
    (local.set $i (i32.add (local.get $i) (i32.const 1048576)))
    (local.set $y (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $cell)))
        (local.set $rb (v128.const i64x2 0 0))
        (local.set $gi (i32.const 0))
        (local.set $p (local.get $i))
        (local.set $e (i32.add (local.get $i) (i32.mul (local.get $cell) (i32.const 3))))
        (block $px_done
          (loop $px
            (br_if $px_done (i32.ge_u (local.get $p) (local.get $e)))
            ;; (red, blue) += p0·w0 + p1·w1 + p2·w2 + p3·w3, the bytes read as in `second_step` (two 8-byte
            ;; loads a channel: p1 then p0, p3 then p2; at most 4 bytes past the raster's last, in the pad)
            (local.set $top (v128.load64_lane 1 (i32.add (local.get $p) (local.get $b1))
              (v128.load64_zero (i32.add (local.get $p) (local.get $r1)))))
            (local.set $low (v128.load64_lane 1 (i32.add (local.get $p) (local.get $b3))
              (v128.load64_zero (i32.add (local.get $p) (local.get $r3)))))
            (local.set $rb (f64x2.add (local.get $rb)
              (f64x2.add
                (f64x2.add
                  (f64x2.add
                    (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $top) (v128.const i8x16 3 255 255 255 11 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w0))
                    (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $top) (v128.const i8x16 0 255 255 255 8 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w1)))
                  (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $low) (v128.const i8x16 3 255 255 255 11 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w2)))
                (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.swizzle (local.get $low) (v128.const i8x16 0 255 255 255 8 255 255 255 255 255 255 255 255 255 255 255))) (local.get $w3)))))
            (local.set $gi (i32.add (local.get $gi) (i32.load8_u offset=1 (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 3)))
            (br $px)))
        ;; the float32 running sums
        (local.set $srb (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $srb) (local.get $rb)))))
        (local.set $sg (f64.promote_f32 (f32.demote_f64 (f64.add (local.get $sg) (f64.convert_i32_u (local.get $gi))))))
        (local.set $i (i32.add (local.get $i) (local.get $row)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (f64.store (local.get $dst) (f64x2.extract_lane 0 (local.get $srb)))
    (f64.store offset=8 (local.get $dst) (local.get $sg))
    (f64.store offset=16 (local.get $dst) (f64x2.extract_lane 1 (local.get $srb))))

  ;; ---- The exact cells (`CellChroma`, `colour-cells.ts`): each listed cell's CIELAB chroma ----
  ;; The same operations in the same order as the JavaScript it replaced (float64 steps, float32
  ;; stores), so the same figures to the last bit: a cell's stretched mean colour (`$sums`, then
  ;; max(0, (sum · perCell − black) · scale), as float32), its row of three (the cell, plus its left
  ;; neighbour, plus its right, as float32), the rows above and below added, divided by the cells
  ;; counted, and `chromaOf` (colour-lab.ts) through its two float32 tables. Each mean and row of
  ;; three is worked out once a call (a byte of flags a cell, cleared at the start of the call).
  ;; Header at `h` (i32): 0 x0, 4 y0, 8 cell, 12 cw, 16 ch, 20 width (pixels), 24 the flags (a byte a
  ;; cell), 28 the means (3 f32 a cell), 32 the rows of three (3 f32 a cell), 36 the sRGB-to-linear
  ;; table (f32), 40 the f table (f32), 44 the first's last index, 48 the second's; f64 at h + 64:
  ;; 1 / cell², black (red, green, blue), scale (red, green, blue).
  (global $gx0 (mut i32) (i32.const 0))
  (global $gy0 (mut i32) (i32.const 0))
  (global $gcell (mut i32) (i32.const 0))
  (global $gcw (mut i32) (i32.const 0))
  (global $gch (mut i32) (i32.const 0))
  (global $gwidth (mut i32) (i32.const 0))
  (global $gdone (mut i32) (i32.const 0))
  (global $gmeans (mut i32) (i32.const 0))
  (global $gacross (mut i32) (i32.const 0))
  (global $glin (mut i32) (i32.const 0))
  (global $gf (mut i32) (i32.const 0))
  (global $glinLast (mut i32) (i32.const 0))
  (global $gfLast (mut i32) (i32.const 0))
  (global $gperCell (mut f64) (f64.const 0))
  (global $gk0 (mut f64) (f64.const 0))
  (global $gk1 (mut f64) (f64.const 0))
  (global $gk2 (mut f64) (f64.const 0))
  (global $gs0 (mut f64) (f64.const 0))
  (global $gs1 (mut f64) (f64.const 0))
  (global $gs2 (mut f64) (f64.const 0))

  ;; Cell k's stretched mean colour (`mean`): the kernel's sums (`$sums`, at 800032), each channel
  ;; max(0, (sum · perCell − black) · scale) stored as float32.
  (func $mean (param $k i32)
    (local $cx i32) (local $cy i32) (local $a i32)
    (local.set $cx (i32.rem_u (local.get $k) (global.get $gcw)))
    (local.set $cy (i32.div_u (local.get $k) (global.get $gcw)))
    (call $sums
      (i32.mul
        (i32.add
          (i32.mul (i32.add (global.get $gy0) (i32.mul (local.get $cy) (global.get $gcell))) (global.get $gwidth))
          (i32.add (global.get $gx0) (i32.mul (local.get $cx) (global.get $gcell))))
        (i32.const 3))
      (global.get $gcell) (i32.mul (global.get $gwidth) (i32.const 3)) (i32.const 800032))
    (local.set $a (i32.add (global.get $gmeans) (i32.mul (local.get $k) (i32.const 12))))
    (f32.store (local.get $a) (f32.demote_f64 (f64.max (f64.const 0)
      (f64.mul (f64.sub (f64.mul (f64.load offset=800032 (i32.const 0)) (global.get $gperCell)) (global.get $gk0)) (global.get $gs0)))))
    (f32.store offset=4 (local.get $a) (f32.demote_f64 (f64.max (f64.const 0)
      (f64.mul (f64.sub (f64.mul (f64.load offset=800040 (i32.const 0)) (global.get $gperCell)) (global.get $gk1)) (global.get $gs1)))))
    (f32.store offset=8 (local.get $a) (f32.demote_f64 (f64.max (f64.const 0)
      (f64.mul (f64.sub (f64.mul (f64.load offset=800048 (i32.const 0)) (global.get $gperCell)) (global.get $gk2)) (global.get $gs2)))))
    (local.set $a (i32.add (global.get $gdone) (local.get $k)))
    (i32.store8 (local.get $a) (i32.or (i32.load8_u (local.get $a)) (i32.const 1))))

  ;; One channel of a row of three: this cell's mean, plus the left neighbour's, plus the right's
  ;; (a neighbour past the row's end left out: x + 0 is x for the means, never −0).
  (func $across1 (param $a i32) (param $left i32) (param $right i32) (result f32)
    (local $v f64)
    (local.set $v (f64.promote_f32 (f32.load (local.get $a))))
    (if (local.get $left) (then
      (local.set $v (f64.add (local.get $v) (f64.promote_f32 (f32.load (i32.sub (local.get $a) (i32.const 12))))))))
    (if (local.get $right) (then
      (local.set $v (f64.add (local.get $v) (f64.promote_f32 (f32.load offset=12 (local.get $a)))))))
    (f32.demote_f64 (local.get $v)))

  ;; Cell k's row of three (`row3`), the means it needs worked out first.
  (func $row3 (param $k i32)
    (local $cx i32) (local $j i32) (local $e i32) (local $left i32) (local $right i32) (local $a i32) (local $o i32)
    (local.set $cx (i32.rem_u (local.get $k) (global.get $gcw)))
    (local.set $left (i32.gt_u (local.get $cx) (i32.const 0)))
    (local.set $right (i32.lt_u (local.get $cx) (i32.sub (global.get $gcw) (i32.const 1))))
    (local.set $j (i32.sub (local.get $k) (local.get $left)))
    (local.set $e (i32.add (local.get $k) (local.get $right)))
    (loop $means
      (if (i32.eqz (i32.and (i32.load8_u (i32.add (global.get $gdone) (local.get $j))) (i32.const 1)))
        (then (call $mean (local.get $j))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $means (i32.le_u (local.get $j) (local.get $e))))
    (local.set $a (i32.add (global.get $gmeans) (i32.mul (local.get $k) (i32.const 12))))
    (local.set $o (i32.add (global.get $gacross) (i32.mul (local.get $k) (i32.const 12))))
    (f32.store (local.get $o) (call $across1 (local.get $a) (local.get $left) (local.get $right)))
    (f32.store offset=4 (local.get $o) (call $across1 (i32.add (local.get $a) (i32.const 4)) (local.get $left) (local.get $right)))
    (f32.store offset=8 (local.get $o) (call $across1 (i32.add (local.get $a) (i32.const 8)) (local.get $left) (local.get $right)))
    (local.set $a (i32.add (global.get $gdone) (local.get $k)))
    (i32.store8 (local.get $a) (i32.or (i32.load8_u (local.get $a)) (i32.const 2))))

  ;; `lin` of colour-lab.ts: the table entry of v (0 at or below 0, the last at or above 1.25; NaN: 0, as `| 0` gives).
  (func $lin (param $v f64) (result f64)
    (local $i i32)
    (if (f64.le (local.get $v) (f64.const 0))
      (then (local.set $i (i32.const 0)))
      (else (if (f64.ge (local.get $v) (f64.const 1.25))
        (then (local.set $i (global.get $glinLast)))
        (else (local.set $i (i32.trunc_sat_f64_s (f64.add (f64.mul (local.get $v) (f64.const 1023)) (f64.const 0.5))))))))
    (f64.promote_f32 (f32.load (i32.add (global.get $glin) (i32.shl (local.get $i) (i32.const 2))))))

  ;; `f` of colour-lab.ts: the table entry of t (0 at or below 0, the last at or above 1.6; NaN: 0, as `| 0` gives).
  (func $f (param $t f64) (result f64)
    (local $i i32)
    (if (f64.le (local.get $t) (f64.const 0))
      (then (local.set $i (i32.const 0)))
      (else (if (f64.ge (local.get $t) (f64.const 1.6))
        (then (local.set $i (global.get $gfLast)))
        (else (local.set $i (i32.trunc_sat_f64_s (f64.add (f64.mul (local.get $t) (f64.const 4095)) (f64.const 0.5))))))))
    (f64.promote_f32 (f32.load (i32.add (global.get $gf) (i32.shl (local.get $i) (i32.const 2))))))

  ;; `chromaOf` of colour-lab.ts, operation for operation.
  (func $chromaOf (param $r f64) (param $g f64) (param $b f64) (result f64)
    (local $R f64) (local $G f64) (local $B f64) (local $fx f64) (local $fy f64) (local $fz f64) (local $a f64) (local $bb f64)
    (local.set $R (call $lin (local.get $r)))
    (local.set $G (call $lin (local.get $g)))
    (local.set $B (call $lin (local.get $b)))
    (local.set $fx (call $f (f64.div
      (f64.add (f64.add (f64.mul (f64.const 0.4124) (local.get $R)) (f64.mul (f64.const 0.3576) (local.get $G))) (f64.mul (f64.const 0.1805) (local.get $B)))
      (f64.const 0.9505))))
    (local.set $fy (call $f
      (f64.add (f64.add (f64.mul (f64.const 0.2126) (local.get $R)) (f64.mul (f64.const 0.7152) (local.get $G))) (f64.mul (f64.const 0.0722) (local.get $B)))))
    (local.set $fz (call $f (f64.div
      (f64.add (f64.add (f64.mul (f64.const 0.0193) (local.get $R)) (f64.mul (f64.const 0.1192) (local.get $G))) (f64.mul (f64.const 0.9505) (local.get $B)))
      (f64.const 1.089))))
    (local.set $a (f64.mul (f64.const 500) (f64.sub (local.get $fx) (local.get $fy))))
    (local.set $bb (f64.mul (f64.const 200) (f64.sub (local.get $fy) (local.get $fz))))
    (f64.sqrt (f64.add (f64.mul (local.get $a) (local.get $a)) (f64.mul (local.get $bb) (local.get $bb)))))

  ;; Cell k's chroma (`at`): its rows of three and those above and below, summed, over the cells counted.
  (func $chroma (param $k i32) (result f32)
    (local $cx i32) (local $cy i32) (local $j i32) (local $e i32) (local $up i32) (local $down i32) (local $c i32) (local $len i32)
    (local $r f64) (local $g f64) (local $b f64) (local $n f64)
    (local.set $cx (i32.rem_u (local.get $k) (global.get $gcw)))
    (local.set $cy (i32.div_u (local.get $k) (global.get $gcw)))
    (local.set $up (i32.gt_u (local.get $cy) (i32.const 0)))
    (local.set $down (i32.lt_u (local.get $cy) (i32.sub (global.get $gch) (i32.const 1))))
    (local.set $j (select (i32.sub (local.get $k) (global.get $gcw)) (local.get $k) (local.get $up)))
    (local.set $e (select (i32.add (local.get $k) (global.get $gcw)) (local.get $k) (local.get $down)))
    (loop $rows
      (if (i32.eqz (i32.and (i32.load8_u (i32.add (global.get $gdone) (local.get $j))) (i32.const 2)))
        (then (call $row3 (local.get $j))))
      (local.set $j (i32.add (local.get $j) (global.get $gcw)))
      (br_if $rows (i32.le_u (local.get $j) (local.get $e))))
    (local.set $c (i32.add (global.get $gacross) (i32.mul (local.get $k) (i32.const 12))))
    (local.set $len (i32.mul (global.get $gcw) (i32.const 12)))
    (local.set $r (f64.promote_f32 (f32.load (local.get $c))))
    (local.set $g (f64.promote_f32 (f32.load offset=4 (local.get $c))))
    (local.set $b (f64.promote_f32 (f32.load offset=8 (local.get $c))))
    (if (local.get $up) (then
      (local.set $r (f64.add (local.get $r) (f64.promote_f32 (f32.load (i32.sub (local.get $c) (local.get $len))))))
      (local.set $g (f64.add (local.get $g) (f64.promote_f32 (f32.load offset=4 (i32.sub (local.get $c) (local.get $len))))))
      (local.set $b (f64.add (local.get $b) (f64.promote_f32 (f32.load offset=8 (i32.sub (local.get $c) (local.get $len))))))))
    (if (local.get $down) (then
      (local.set $r (f64.add (local.get $r) (f64.promote_f32 (f32.load (i32.add (local.get $c) (local.get $len))))))
      (local.set $g (f64.add (local.get $g) (f64.promote_f32 (f32.load offset=4 (i32.add (local.get $c) (local.get $len))))))
      (local.set $b (f64.add (local.get $b) (f64.promote_f32 (f32.load offset=8 (i32.add (local.get $c) (local.get $len))))))))
    (local.set $n (f64.convert_i32_u (i32.mul
      (i32.add (i32.add (i32.const 1) (local.get $up)) (local.get $down))
      (i32.add (i32.add (i32.const 1) (i32.gt_u (local.get $cx) (i32.const 0))) (i32.lt_u (local.get $cx) (i32.sub (global.get $gcw) (i32.const 1)))))))
    (f32.demote_f64 (call $chromaOf
      (f64.div (local.get $r) (local.get $n)) (f64.div (local.get $g) (local.get $n)) (f64.div (local.get $b) (local.get $n)))))

  ;; The chroma of the `count` cells listed (i32 at `list`) to `out` (f32 each), the header at `h`;
  ;; red and blue read with the cells' parameters at 799936 (as `$sums` reads them).
  (func (export "cell_chromas") (param $h i32) (param $list i32) (param $count i32) (param $out i32)
    (local $e i32)
    (global.set $gx0 (i32.load (local.get $h)))
    (global.set $gy0 (i32.load offset=4 (local.get $h)))
    (global.set $gcell (i32.load offset=8 (local.get $h)))
    (global.set $gcw (i32.load offset=12 (local.get $h)))
    (global.set $gch (i32.load offset=16 (local.get $h)))
    (global.set $gwidth (i32.load offset=20 (local.get $h)))
    (global.set $gdone (i32.load offset=24 (local.get $h)))
    (global.set $gmeans (i32.load offset=28 (local.get $h)))
    (global.set $gacross (i32.load offset=32 (local.get $h)))
    (global.set $glin (i32.load offset=36 (local.get $h)))
    (global.set $gf (i32.load offset=40 (local.get $h)))
    (global.set $glinLast (i32.load offset=44 (local.get $h)))
    (global.set $gfLast (i32.load offset=48 (local.get $h)))
    (global.set $gperCell (f64.load offset=64 (local.get $h)))
    (global.set $gk0 (f64.load offset=72 (local.get $h)))
    (global.set $gk1 (f64.load offset=80 (local.get $h)))
    (global.set $gk2 (f64.load offset=88 (local.get $h)))
    (global.set $gs0 (f64.load offset=96 (local.get $h)))
    (global.set $gs1 (f64.load offset=104 (local.get $h)))
    (global.set $gs2 (f64.load offset=112 (local.get $h)))
    (memory.fill (global.get $gdone) (i32.const 0) (i32.mul (global.get $gcw) (global.get $gch)))
    (local.set $e (i32.add (local.get $list) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $list) (local.get $e)))
        (f32.store (local.get $out) (call $chroma (i32.load (local.get $list))))
        (local.set $list (i32.add (local.get $list) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $next))))
)
