;; The passes over a page's gray preview that look at every pixel, or every other one, 16 at a time
;; (`imaging/gray-passes.ts` copies the preview in, lays out the memory and reads the results): the
;; blank check's ink count (`ink-measure.ts`), the bar locator's changes per block
;; (`barcode-locator.ts`) and the dense patches' darkness per cell (`dense-patch.ts`). Each gives
;; the integers the JavaScript it replaces gave, exactly (sums of the same samples, no rounding).
;;
;; Every address is given by the caller: the preview (one byte a pixel, rows top to bottom) is
;; followed by at least 32 bytes of slack, which a vector's last lanes may read (they are never
;; counted), and each output array by 16 bytes a last vector may write.
(module
  (import "env" "memory" (memory 1))

  ;; The pixels of [x0, x1) × [y0, y1) of the preview at `img` (`width` a row) that are darker than
  ;; `t` (value < t, 1 ≤ t ≤ 256) with at least two of their 8 neighbours darker too; the frame lies
  ;; inside the preview (1 ≤ x0, x1 ≤ width − 1, 1 ≤ y0, y1 ≤ height − 1), so every neighbour exists.
  ;; A dark pixel's lane is −1: the eight neighbours' lanes summed are minus their count.
  (func (export "ink_count") (param $img i32) (param $width i32) (param $t i32)
      (param $x0 i32) (param $y0 i32) (param $x1 i32) (param $y1 i32) (result i32)
    (local $y i32) (local $p i32) (local $end i32) (local $a i32) (local $b i32)
    (local $tv v128) (local $n v128) (local $hit v128) (local $acc16 v128) (local $acc32 v128)
    (local.set $tv (i8x16.splat (i32.sub (local.get $t) (i32.const 1))))
    (local.set $acc32 (v128.const i32x4 0 0 0 0))
    (local.set $y (local.get $y0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $p (i32.add (local.get $img) (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x0))))
        (local.set $end (i32.add (local.get $p) (i32.sub (local.get $x1) (local.get $x0))))
        (local.set $acc16 (v128.const i32x4 0 0 0 0))
        (block $px_done
          (loop $px
            (br_if $px_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $a (i32.sub (local.get $p) (local.get $width)))
            (local.set $b (i32.add (local.get $p) (local.get $width)))
            (local.set $n
              (i8x16.add
                (i8x16.add
                  (i8x16.add
                    (i8x16.le_u (v128.load align=1 (i32.sub (local.get $a) (i32.const 1))) (local.get $tv))
                    (i8x16.le_u (v128.load align=1 (local.get $a)) (local.get $tv)))
                  (i8x16.add
                    (i8x16.le_u (v128.load align=1 (i32.add (local.get $a) (i32.const 1))) (local.get $tv))
                    (i8x16.le_u (v128.load align=1 (i32.sub (local.get $p) (i32.const 1))) (local.get $tv))))
                (i8x16.add
                  (i8x16.add
                    (i8x16.le_u (v128.load align=1 (i32.add (local.get $p) (i32.const 1))) (local.get $tv))
                    (i8x16.le_u (v128.load align=1 (i32.sub (local.get $b) (i32.const 1))) (local.get $tv)))
                  (i8x16.add
                    (i8x16.le_u (v128.load align=1 (local.get $b)) (local.get $tv))
                    (i8x16.le_u (v128.load align=1 (i32.add (local.get $b) (i32.const 1))) (local.get $tv))))))
            ;; dark itself, and at least two neighbours dark (the sum at most −2)
            (local.set $hit
              (v128.and
                (i8x16.le_u (v128.load align=1 (local.get $p)) (local.get $tv))
                (i8x16.lt_s (local.get $n) (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))))
            ;; the row's last vector: lanes at x1 and beyond do not count
            (if (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16))
              (then
                (local.set $hit
                  (v128.and (local.get $hit)
                    (i8x16.gt_u (i8x16.splat (i32.sub (local.get $end) (local.get $p)))
                      (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))))))
            (local.set $acc16 (i16x8.add (local.get $acc16) (i16x8.extadd_pairwise_i8x16_s (local.get $hit))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $px)))
        ;; a row's lanes hold at most −2 a vector: 16,383 vectors (262,128 pixels) before an i16 lane overflows
        (local.set $acc32 (i32x4.add (local.get $acc32) (i32x4.extadd_pairwise_i16x8_s (local.get $acc16))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (i32.sub (i32.const 0)
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $acc32)) (i32x4.extract_lane 1 (local.get $acc32)))
        (i32.add (i32x4.extract_lane 2 (local.get $acc32)) (i32x4.extract_lane 3 (local.get $acc32))))))

  ;; The brightness histogram of [x0, x1) × [y0, y1) on every `step`-th pixel of every `step`-th row,
  ;; to `hist` (256 u32, zeroed here); its total is the caller's to work out. Four pixels in turn go to
  ;; four part histograms (at `hist` + 1024, 2048, 3072, 4096), summed at the end: paper pixels share a
  ;; few values, and one counter raised again and again would wait for its own previous increment.
  (func (export "histogram") (param $img i32) (param $width i32) (param $x0 i32) (param $y0 i32) (param $x1 i32) (param $y1 i32)
      (param $step i32) (param $hist i32)
    (local $y i32) (local $p i32) (local $end i32) (local $end4 i32) (local $step4 i32) (local $a i32) (local $v i32)
    (memory.fill (local.get $hist) (i32.const 0) (i32.const 5120))
    (local.set $step4 (i32.shl (local.get $step) (i32.const 2)))
    (local.set $y (local.get $y0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $p (i32.add (local.get $img) (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x0))))
        (local.set $end (i32.add (local.get $img) (i32.add (i32.mul (local.get $y) (local.get $width)) (local.get $x1))))
        ;; four samples while the fourth lies before x1
        (local.set $end4 (i32.sub (local.get $end) (i32.mul (local.get $step) (i32.const 3))))
        (block $quads_done
          (loop $quads
            (br_if $quads_done (i32.ge_s (local.get $p) (local.get $end4)))
            (local.set $a (i32.add (local.get $hist) (i32.shl (i32.load8_u (local.get $p)) (i32.const 2))))
            (i32.store offset=1024 (local.get $a) (i32.add (i32.load offset=1024 (local.get $a)) (i32.const 1)))
            (local.set $a (i32.add (local.get $hist) (i32.shl (i32.load8_u (i32.add (local.get $p) (local.get $step))) (i32.const 2))))
            (i32.store offset=2048 (local.get $a) (i32.add (i32.load offset=2048 (local.get $a)) (i32.const 1)))
            (local.set $a (i32.add (local.get $hist) (i32.shl (i32.load8_u (i32.add (local.get $p) (i32.shl (local.get $step) (i32.const 1)))) (i32.const 2))))
            (i32.store offset=3072 (local.get $a) (i32.add (i32.load offset=3072 (local.get $a)) (i32.const 1)))
            (local.set $a (i32.add (local.get $hist) (i32.shl (i32.load8_u (i32.add (local.get $p) (i32.mul (local.get $step) (i32.const 3)))) (i32.const 2))))
            (i32.store offset=4096 (local.get $a) (i32.add (i32.load offset=4096 (local.get $a)) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (local.get $step4)))
            (br $quads)))
        (block $rest_done
          (loop $rest
            (br_if $rest_done (i32.ge_s (local.get $p) (local.get $end)))
            (local.set $a (i32.add (local.get $hist) (i32.shl (i32.load8_u (local.get $p)) (i32.const 2))))
            (i32.store offset=1024 (local.get $a) (i32.add (i32.load offset=1024 (local.get $a)) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (local.get $step)))
            (br $rest)))
        (local.set $y (i32.add (local.get $y) (local.get $step)))
        (br $rows)))
    ;; the four parts summed into the first 256
    (local.set $v (i32.const 0))
    (loop $sum
      (local.set $a (i32.add (local.get $hist) (local.get $v)))
      (v128.store (local.get $a)
        (i32x4.add
          (i32x4.add (v128.load offset=1024 (local.get $a)) (v128.load offset=2048 (local.get $a)))
          (i32x4.add (v128.load offset=3072 (local.get $a)) (v128.load offset=4096 (local.get $a)))))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (br_if $sum (i32.lt_u (local.get $v) (i32.const 1024)))))

  ;; Per block of 8 × 8 pixels (`bw` × `bh` blocks from the top left, row-major; (bw · 8 + 2) ×
  ;; (bh · 8 + 2) pixels lie inside the preview): on every other pixel of every other row, the sum of
  ;; |the pixel two to the right − it| to `sx` and of |the pixel two rows down − it| to `sy` (i32 each).
  ;; A vector spans two blocks side by side; its odd lanes are masked off (the lattice's even pixels
  ;; stay, as 16-bit lanes); a block's 16 samples sum to at most 4,080.
  (func (export "bar_changes") (param $img i32) (param $width i32) (param $bw i32) (param $bh i32) (param $sx i32) (param $sy i32)
    (local $by i32) (local $bx i32) (local $r i32) (local $i i32) (local $o i32)
    (local $v v128) (local $h v128) (local $d v128) (local $ax v128) (local $ay v128)
    (local.set $by (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $by) (local.get $bh)))
        (local.set $bx (i32.const 0))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_s (local.get $bx) (local.get $bw)))
            (local.set $ax (v128.const i32x4 0 0 0 0))
            (local.set $ay (v128.const i32x4 0 0 0 0))
            (local.set $i (i32.add (local.get $img)
              (i32.add (i32.mul (i32.shl (local.get $by) (i32.const 3)) (local.get $width)) (i32.shl (local.get $bx) (i32.const 3)))))
            (local.set $r (i32.const 0))
            (loop $lattice
              (local.set $v (v128.load align=1 (local.get $i)))
              (local.set $h (v128.load align=1 (i32.add (local.get $i) (i32.const 2))))
              (local.set $d (v128.load align=1 (i32.add (local.get $i) (i32.shl (local.get $width) (i32.const 1)))))
              (local.set $ax (i16x8.add (local.get $ax)
                (v128.and (v128.or (i8x16.sub_sat_u (local.get $h) (local.get $v)) (i8x16.sub_sat_u (local.get $v) (local.get $h)))
                  (v128.const i16x8 255 255 255 255 255 255 255 255))))
              (local.set $ay (i16x8.add (local.get $ay)
                (v128.and (v128.or (i8x16.sub_sat_u (local.get $d) (local.get $v)) (i8x16.sub_sat_u (local.get $v) (local.get $d)))
                  (v128.const i16x8 255 255 255 255 255 255 255 255))))
              (local.set $i (i32.add (local.get $i) (i32.shl (local.get $width) (i32.const 1))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $lattice (i32.lt_u (local.get $r) (i32.const 4))))
            ;; lanes (i32) a0 a1 b0 b1 → a0 + a1 in lane 0, b0 + b1 in lane 2
            (local.set $ax (i32x4.extadd_pairwise_i16x8_u (local.get $ax)))
            (local.set $ax (i32x4.add (local.get $ax) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $ax) (local.get $ax))))
            (local.set $ay (i32x4.extadd_pairwise_i16x8_u (local.get $ay)))
            (local.set $ay (i32x4.add (local.get $ay) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $ay) (local.get $ay))))
            (local.set $o (i32.shl (i32.add (i32.mul (local.get $by) (local.get $bw)) (local.get $bx)) (i32.const 2)))
            (i32.store (i32.add (local.get $sx) (local.get $o)) (i32x4.extract_lane 0 (local.get $ax)))
            (i32.store (i32.add (local.get $sy) (local.get $o)) (i32x4.extract_lane 0 (local.get $ay)))
            (if (i32.lt_s (i32.add (local.get $bx) (i32.const 1)) (local.get $bw))
              (then
                (i32.store offset=4 (i32.add (local.get $sx) (local.get $o)) (i32x4.extract_lane 2 (local.get $ax)))
                (i32.store offset=4 (i32.add (local.get $sy) (local.get $o)) (i32x4.extract_lane 2 (local.get $ay)))))
            (local.set $bx (i32.add (local.get $bx) (i32.const 2)))
            (br $pairs)))
        (local.set $by (i32.add (local.get $by) (i32.const 1)))
        (br $rows))))

  ;; Per cell of `cell` × `cell` pixels (`cw` × `ch` cells, row-major; cell ≤ 8), on every other
  ;; pixel of every other row from its top left: the sum of each sample's darkness below `paper`
  ;; (paper − value, 0 when lighter) to `sums` (i32) and the darkest's to `peaks` (a byte each).
  ;; `k` cells are worked at once: the 16 bytes from the first's left edge, each sample moved by the
  ;; shuffle at `swz` to its cell's group of four lanes (a lane that is no sample reads 0). A group's
  ;; stores reach the cells after it with zeros (its lanes past `k`) or, past a row's end, the next
  ;; row's: both written again later in order (the arrays end with 16 bytes of slack).
  (func (export "cell_darkness") (param $img i32) (param $width i32) (param $cell i32) (param $cw i32) (param $ch i32)
      (param $paper i32) (param $swz i32) (param $k i32) (param $sums i32) (param $peaks i32)
    (local $cy i32) (local $cx i32) (local $r i32) (local $rows i32) (local $top i32) (local $i i32) (local $c i32)
    (local $pv v128) (local $sw v128) (local $z v128) (local $s v128) (local $pk v128)
    (local.set $pv (i8x16.splat (local.get $paper)))
    (local.set $sw (v128.load (local.get $swz)))
    (local.set $rows (i32.shr_u (i32.add (local.get $cell) (i32.const 1)) (i32.const 1)))
    (local.set $cy (i32.const 0))
    (block $rows_done
      (loop $cellrows
        (br_if $rows_done (i32.ge_s (local.get $cy) (local.get $ch)))
        (local.set $top (i32.add (local.get $img) (i32.mul (i32.mul (local.get $cy) (local.get $cell)) (local.get $width))))
        (local.set $cx (i32.const 0))
        (block $groups_done
          (loop $groups
            (br_if $groups_done (i32.ge_s (local.get $cx) (local.get $cw)))
            (local.set $s (v128.const i32x4 0 0 0 0))
            (local.set $pk (v128.const i32x4 0 0 0 0))
            (local.set $i (i32.add (local.get $top) (i32.mul (local.get $cx) (local.get $cell))))
            (local.set $r (i32.const 0))
            (loop $samples
              (local.set $z (i8x16.swizzle (i8x16.sub_sat_u (local.get $pv) (v128.load align=1 (local.get $i))) (local.get $sw)))
              (local.set $s (i32x4.add (local.get $s) (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $z)))))
              (local.set $pk (i8x16.max_u (local.get $pk) (local.get $z)))
              (local.set $i (i32.add (local.get $i) (i32.shl (local.get $width) (i32.const 1))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $samples (i32.lt_u (local.get $r) (local.get $rows))))
            ;; each group of four lanes' largest byte into its lowest, then one byte a cell
            (local.set $pk (i8x16.max_u (local.get $pk) (i32x4.shr_u (local.get $pk) (i32.const 8))))
            (local.set $pk (i8x16.max_u (local.get $pk) (i32x4.shr_u (local.get $pk) (i32.const 16))))
            (local.set $pk (v128.and (local.get $pk) (v128.const i32x4 255 255 255 255)))
            (local.set $pk (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_u (local.get $pk) (local.get $pk)) (local.get $pk)))
            (local.set $c (i32.add (i32.mul (local.get $cy) (local.get $cw)) (local.get $cx)))
            (v128.store align=1 (i32.add (local.get $sums) (i32.shl (local.get $c) (i32.const 2))) (local.get $s))
            (i32.store align=1 (i32.add (local.get $peaks) (local.get $c)) (i32x4.extract_lane 0 (local.get $pk)))
            (local.set $cx (i32.add (local.get $cx) (local.get $k)))
            (br $groups)))
        (local.set $cy (i32.add (local.get $cy) (i32.const 1)))
        (br $cellrows)))))
