;; The hot windows of a page's cell grid (`barcode/symbol-cores.ts` says what they are;
;; `barcode/hot-windows.ts` copies the grid in and reads the result): windows of `s` × `s` cells whose
;; summed darkness reaches `floor`, and `dark` or else no cell of theirs has a darkest sample beyond
;; their sum over `core` (their mean, as a share of CORE_MEAN), and that are not solid ink (their sum
;; below solid · (their cells' peaks summed) · area). The same comparisons as the JavaScript, in the
;; same float64 operations, so the same windows.
;;
;; Memory (byte offsets given by the caller): the sums (i32, `cw` × `ch`, row-major), the peaks (a
;; byte each), the column sums (i32, `cw`, and 16 bytes of slack), the hot windows' top-left cells (i32).
(module
  (import "env" "memory" (memory 1))

  ;; Adds row `add` of the sums to the column sums, less row `drop` (none when negative): four columns at a time.
  (func $slide (param $sums i32) (param $col i32) (param $cw i32) (param $add i32) (param $drop i32)
    (local $x i32) (local $c i32) (local $a i32) (local $d i32)
    (local.set $a (i32.add (local.get $sums) (i32.shl (i32.mul (local.get $add) (local.get $cw)) (i32.const 2))))
    (local.set $d (i32.add (local.get $sums) (i32.shl (i32.mul (local.get $drop) (local.get $cw)) (i32.const 2))))
    (local.set $x (i32.const 0))
    (block $done
      (loop $cols
        (br_if $done (i32.gt_s (i32.add (local.get $x) (i32.const 4)) (local.get $cw)))
        (local.set $c (i32.add (local.get $col) (i32.shl (local.get $x) (i32.const 2))))
        (v128.store align=4 (local.get $c)
          (if (result v128) (i32.ge_s (local.get $drop) (i32.const 0))
            (then (i32x4.add (v128.load align=4 (local.get $c))
              (i32x4.sub (v128.load align=4 (i32.add (local.get $a) (i32.shl (local.get $x) (i32.const 2))))
                (v128.load align=4 (i32.add (local.get $d) (i32.shl (local.get $x) (i32.const 2)))))))
            (else (i32x4.add (v128.load align=4 (local.get $c))
              (v128.load align=4 (i32.add (local.get $a) (i32.shl (local.get $x) (i32.const 2))))))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $cols)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_s (local.get $x) (local.get $cw)))
        (local.set $c (i32.add (local.get $col) (i32.shl (local.get $x) (i32.const 2))))
        (i32.store (local.get $c)
          (i32.add (i32.load (local.get $c))
            (i32.sub (i32.load (i32.add (local.get $a) (i32.shl (local.get $x) (i32.const 2))))
              (if (result i32) (i32.ge_s (local.get $drop) (i32.const 0))
                (then (i32.load (i32.add (local.get $d) (i32.shl (local.get $x) (i32.const 2)))))
                (else (i32.const 0))))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $tail))))

  ;; Whether a cell of the window from cell `k0` (`s` × `s`) has a peak beyond `limit`: stops at the first.
  (func $ink_darker_than (param $peaks i32) (param $cw i32) (param $k0 i32) (param $s i32) (param $limit f64) (result i32)
    (local $j i32) (local $k i32) (local $end i32)
    (local.set $j (i32.const 0))
    (block $no
      (loop $rows
        (br_if $no (i32.ge_s (local.get $j) (local.get $s)))
        (local.set $k (i32.add (local.get $peaks) (i32.add (local.get $k0) (i32.mul (local.get $j) (local.get $cw)))))
        (local.set $end (i32.add (local.get $k) (local.get $s)))
        (loop $cells
          (if (f64.gt (f64.convert_i32_u (i32.load8_u (local.get $k))) (local.get $limit)) (then (return (i32.const 1))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $cells (i32.lt_u (local.get $k) (local.get $end))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
    (i32.const 0))

  ;; The peaks of the window from cell `k0` summed.
  (func $peaks_summed (param $peaks i32) (param $cw i32) (param $k0 i32) (param $s i32) (result i32)
    (local $j i32) (local $k i32) (local $end i32) (local $wp i32)
    (local.set $j (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $j) (local.get $s)))
        (local.set $k (i32.add (local.get $peaks) (i32.add (local.get $k0) (i32.mul (local.get $j) (local.get $cw)))))
        (local.set $end (i32.add (local.get $k) (local.get $s)))
        (loop $cells
          (local.set $wp (i32.add (local.get $wp) (i32.load8_u (local.get $k))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $cells (i32.lt_u (local.get $k) (local.get $end))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows)))
    (local.get $wp))

  ;; Writes the hot windows' top-left cells (row by row, left to right) to `out`; returns how many.
  ;; `col` is zeroed here. 2 ≤ s ≤ cw, ch.
  (func (export "hot_windows") (param $sums i32) (param $peaks i32) (param $col i32) (param $out i32)
      (param $cw i32) (param $ch i32) (param $s i32)
      (param $floor f64) (param $dark f64) (param $core f64) (param $solid f64) (param $area f64) (result i32)
    (local $j i32) (local $y i32) (local $x i32) (local $ws i32) (local $n i32) (local $k0 i32) (local $wsf f64)
    (memory.fill (local.get $col) (i32.const 0) (i32.shl (local.get $cw) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $first_done
      (loop $first
        (br_if $first_done (i32.ge_s (local.get $j) (i32.sub (local.get $s) (i32.const 1))))
        (call $slide (local.get $sums) (local.get $col) (local.get $cw) (local.get $j) (i32.const -1))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $first)))
    (local.set $y (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.gt_s (i32.add (local.get $y) (local.get $s)) (local.get $ch)))
        (call $slide (local.get $sums) (local.get $col) (local.get $cw)
          (i32.sub (i32.add (local.get $y) (local.get $s)) (i32.const 1))
          (i32.sub (local.get $y) (i32.const 1)))
        ;; the first window's first s − 1 columns
        (local.set $ws (i32.const 0))
        (local.set $x (i32.const 0))
        (block $pre_done
          (loop $pre
            (br_if $pre_done (i32.ge_s (local.get $x) (i32.sub (local.get $s) (i32.const 1))))
            (local.set $ws (i32.add (local.get $ws) (i32.load (i32.add (local.get $col) (i32.shl (local.get $x) (i32.const 2))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $pre)))
        (local.set $x (i32.const 0))
        (block $win_done
          (loop $win
            (br_if $win_done (i32.gt_s (i32.add (local.get $x) (local.get $s)) (local.get $cw)))
            (local.set $ws (i32.add (local.get $ws)
              (i32.load (i32.add (local.get $col) (i32.shl (i32.sub (i32.add (local.get $x) (local.get $s)) (i32.const 1)) (i32.const 2))))))
            (local.set $wsf (f64.convert_i32_s (local.get $ws)))
            (if (f64.ge (local.get $wsf) (local.get $floor))
              (then
                (local.set $k0 (i32.add (i32.mul (local.get $y) (local.get $cw)) (local.get $x)))
                ;; dark enough, or else no cell's ink darker than its share (not asked when already dark enough)
                (if (if (result i32) (f64.ge (local.get $wsf) (local.get $dark))
                      (then (i32.const 1))
                      (else (i32.eqz (call $ink_darker_than (local.get $peaks) (local.get $cw) (local.get $k0) (local.get $s)
                        (f64.div (local.get $wsf) (local.get $core))))))
                  (then
                    ;; not solid: below solid · (peaks summed) · area
                    (if (f64.lt (local.get $wsf)
                          (f64.mul (f64.mul (local.get $solid)
                            (f64.convert_i32_s (call $peaks_summed (local.get $peaks) (local.get $cw) (local.get $k0) (local.get $s))))
                            (local.get $area)))
                      (then
                        (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $k0))
                        (local.set $n (i32.add (local.get $n) (i32.const 1)))))))))
            (local.set $ws (i32.sub (local.get $ws) (i32.load (i32.add (local.get $col) (i32.shl (local.get $x) (i32.const 2))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $win)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (local.get $n)))
