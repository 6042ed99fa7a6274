;; The colour check's screen (`colour-screen.ts` lays the memory out, fills the header and says what
;; the figures mean): every cell's registered sums of red, green and blue, then each cell's 3 × 3
;; colour stretched, and the cells whose colour may reach the chroma threshold written out (the
;; exact bound `chromaAtMost` is left to the caller, for those few cells).
;;
;; The same operations on the same values in the same order as the JavaScript screen it replaced
;; (`test/support/colour-screen-reference.ts`), so every sum is the same to the last bit: two
;; adjacent cells side by side in the two lanes of an f64x2 (cells of 2 and 3 pixels), or one cell at
;; a time (any other cell size, and every first carried row). Integer parts (green, the middle
;; columns of a moved row of more than 3 pixels) are exact in either.
;;
;; Header (the memory is shared, `imaging/preview-memory.ts`): i32 at 802,816 (SCREEN_AT) — 0 first byte of the first cell, 1 bytes a pixel row, 2 cell, 3 cw, 4 ch,
;; 5 red's offset and 6 blue's from a cell's first byte to the pixel above-left of its first moved
;; read, 7 cheap test (0/1), 8 red's carried row, 9 blue's, 10 the ring of three rows of cell colours,
;; 11 a row of zeros, 12 the output, 13 L (f64 entries an array: cw + 3), 14 the output's room (cells).
;; A row of cells (ring, zeros) is three arrays of L: red, green, blue.
;; f64 at SCREEN_AT + 128 — 0 tyR 1 1 − tyR 2 txR 3 1 − txR 4 tyB 5 1 − tyB 6 txB 7 1 − txB, 8–10 each channel's
;; black times cell², 11–13 each channel's scale over cell², 14–16 each channel's black times scale,
;; 17 the squared spread floor, 18 level / 3, 19 EPS, 20 3.4642 · EPS, 21 0.009, 22 0.008, 23 1.25, 24 3.
;; Output: 32 bytes a cell kept (f64 index, red, green, blue), as many as there is room for;
;; `screen` returns how many cells it kept (more than the room: none past it written, run again).
;; Every read stays inside the raster for the cells of the grid; the lane past a row's last cell
;; (cw odd) reads at most a cell and 22 bytes past the raster's last byte (the caller leaves 256
;; bytes there) and is cleared.
(module
  (import "env" "memory" (memory 1))

  (global $row (mut i32) (i32.const 0))
  (global $cell (mut i32) (i32.const 0))
  (global $cw (mut i32) (i32.const 0))
  (global $ch (mut i32) (i32.const 0))
  (global $offR (mut i32) (i32.const 0))
  (global $offB (mut i32) (i32.const 0))
  (global $cR (mut i32) (i32.const 0))
  (global $cB (mut i32) (i32.const 0))
  (global $ring (mut i32) (i32.const 0))
  (global $zero (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (global $arr (mut i32) (i32.const 0)) ;; bytes an array (L · 8)
  (global $n (mut i32) (i32.const 0)) ;; cells kept
  (global $cap (mut i32) (i32.const 0)) ;; room for so many in the output

  ;; One pixel row's moved-back sum over a cell: tx · first + the middle columns + (1 − tx) · last.
  (func $movedRow (param $i i32) (param $tx f64) (param $ux f64) (result f64)
    (local $j i32) (local $e i32) (local $mid i32)
    (local.set $j (i32.add (local.get $i) (i32.const 3)))
    (local.set $e (i32.add (local.get $i) (i32.mul (global.get $cell) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $e)))
        (local.set $mid (i32.add (local.get $mid) (i32.load8_u (local.get $j))))
        (local.set $j (i32.add (local.get $j) (i32.const 3)))
        (br $next)))
    (f64.add
      (f64.add
        (f64.mul (local.get $tx) (f64.convert_i32_u (i32.load8_u (local.get $i))))
        (f64.convert_i32_u (local.get $mid)))
      (f64.mul (local.get $ux) (f64.convert_i32_u (i32.load8_u (local.get $e))))))

  ;; Green over one pixel row of a cell from byte `i` (its first pixel's red).
  (func $greenRow (param $i i32) (result i32)
    (local $e i32) (local $g i32)
    (local.set $e (i32.add (local.get $i) (i32.mul (global.get $cell) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $e)))
        (local.set $g (i32.add (local.get $g) (i32.load8_u offset=1 (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br $next)))
    (local.get $g))

  ;; A row of cells' colours into the ring row `at`, any cell size, one cell at a time (`coloursOf`).
  (func $coloursAny (param $i i32) (param $at i32)
    (local $cx i32) (local $j i32) (local $k i32) (local $g i32)
    (local $r f64) (local $b f64) (local $lastR f64) (local $lastB f64) (local $o i32)
    (local $tyR f64) (local $uyR f64) (local $txR f64) (local $uxR f64)
    (local $tyB f64) (local $uyB f64) (local $txB f64) (local $uxB f64)
    (local $k0 f64) (local $k1 f64) (local $k2 f64) (local $v f64)
    (local.set $tyR (f64.load offset=802944 (i32.const 0)))
    (local.set $uyR (f64.load offset=802952 (i32.const 0)))
    (local.set $txR (f64.load offset=802960 (i32.const 0)))
    (local.set $uxR (f64.load offset=802968 (i32.const 0)))
    (local.set $tyB (f64.load offset=802976 (i32.const 0)))
    (local.set $uyB (f64.load offset=802984 (i32.const 0)))
    (local.set $txB (f64.load offset=802992 (i32.const 0)))
    (local.set $uxB (f64.load offset=803000 (i32.const 0)))
    (local.set $k0 (f64.load offset=803008 (i32.const 0)))
    (local.set $k1 (f64.load offset=803016 (i32.const 0)))
    (local.set $k2 (f64.load offset=803024 (i32.const 0)))
    (block $row_done
      (loop $cells
        (br_if $row_done (i32.ge_u (local.get $cx) (global.get $cw)))
        (local.set $o (i32.shl (local.get $cx) (i32.const 3)))
        (local.set $r (f64.mul (local.get $tyR) (f64.load (i32.add (global.get $cR) (local.get $o)))))
        (local.set $b (f64.mul (local.get $tyB) (f64.load (i32.add (global.get $cB) (local.get $o)))))
        (local.set $g (i32.const 0))
        (local.set $j (local.get $i))
        (local.set $k (i32.const 1))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $k) (global.get $cell)))
            (local.set $r (f64.add (local.get $r)
              (call $movedRow (i32.add (i32.add (local.get $j) (global.get $offR)) (global.get $row)) (local.get $txR) (local.get $uxR))))
            (local.set $b (f64.add (local.get $b)
              (call $movedRow (i32.add (i32.add (local.get $j) (global.get $offB)) (global.get $row)) (local.get $txB) (local.get $uxB))))
            (local.set $g (i32.add (local.get $g) (call $greenRow (local.get $j))))
            (local.set $j (i32.add (local.get $j) (global.get $row)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $rows)))
        (local.set $lastR (call $movedRow (i32.add (i32.add (local.get $j) (global.get $offR)) (global.get $row)) (local.get $txR) (local.get $uxR)))
        (local.set $lastB (call $movedRow (i32.add (i32.add (local.get $j) (global.get $offB)) (global.get $row)) (local.get $txB) (local.get $uxB)))
        (local.set $g (i32.add (local.get $g) (call $greenRow (local.get $j))))
        (local.set $r (f64.add (local.get $r) (f64.mul (local.get $uyR) (local.get $lastR))))
        (local.set $b (f64.add (local.get $b) (f64.mul (local.get $uyB) (local.get $lastB))))
        (f64.store (i32.add (global.get $cR) (local.get $o)) (local.get $lastR))
        (f64.store (i32.add (global.get $cB) (local.get $o)) (local.get $lastB))
        ;; at least the black: Math.max(v, k) (neither is NaN, both at least +0)
        (f64.store (i32.add (local.get $at) (local.get $o))
          (select (local.get $r) (local.get $k0) (f64.gt (local.get $r) (local.get $k0))))
        (local.set $v (f64.convert_i32_u (local.get $g)))
        (f64.store (i32.add (i32.add (local.get $at) (global.get $arr)) (local.get $o))
          (select (local.get $v) (local.get $k1) (f64.gt (local.get $v) (local.get $k1))))
        (f64.store (i32.add (i32.add (local.get $at) (i32.shl (global.get $arr) (i32.const 1))) (local.get $o))
          (select (local.get $b) (local.get $k2) (f64.gt (local.get $b) (local.get $k2))))
        (local.set $i (i32.add (local.get $i) (i32.mul (global.get $cell) (i32.const 3))))
        (local.set $cx (i32.add (local.get $cx) (i32.const 1)))
        (br $cells))))

  ;; `coloursOf2`: cells of 2 pixels, two cells a step (lanes: cell cx, cell cx + 1, 6 bytes on).
  ;; A moved row: (tx · first + middle) + (1 − tx) · last; a cell: (ty · carried + row 1) + (1 − ty) · row 2.
  (func $colours2 (param $i i32) (param $at i32)
    (local $cx i32) (local $o i32) (local $p i32) (local $q i32) (local $row i32)
    (local $tyR v128) (local $uyR v128) (local $txR v128) (local $uxR v128)
    (local $tyB v128) (local $uyB v128) (local $txB v128) (local $uxB v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128)
    (local $r1 v128) (local $r2 v128) (local $b1 v128) (local $b2 v128) (local $g v128)
    (local.set $row (global.get $row))
    (local.set $tyR (v128.load64_splat offset=802944 (i32.const 0)))
    (local.set $uyR (v128.load64_splat offset=802952 (i32.const 0)))
    (local.set $txR (v128.load64_splat offset=802960 (i32.const 0)))
    (local.set $uxR (v128.load64_splat offset=802968 (i32.const 0)))
    (local.set $tyB (v128.load64_splat offset=802976 (i32.const 0)))
    (local.set $uyB (v128.load64_splat offset=802984 (i32.const 0)))
    (local.set $txB (v128.load64_splat offset=802992 (i32.const 0)))
    (local.set $uxB (v128.load64_splat offset=803000 (i32.const 0)))
    (local.set $k0 (v128.load64_splat offset=803008 (i32.const 0)))
    (local.set $k1 (v128.load64_splat offset=803016 (i32.const 0)))
    (local.set $k2 (v128.load64_splat offset=803024 (i32.const 0)))
    (block $row_done
      (loop $cells
        (br_if $row_done (i32.ge_u (local.get $cx) (global.get $cw)))
        (local.set $o (i32.shl (local.get $cx) (i32.const 3)))
        (local.set $p (i32.add (i32.add (local.get $i) (global.get $offR)) (local.get $row)))
        (local.set $q (i32.add (i32.add (local.get $i) (global.get $offB)) (local.get $row)))
        ;; each pixel row: bytes 0 and 6 of a load are the two cells' columns
        (local.set $r1 (f64x2.add
          (f64x2.add
            (f64x2.mul (local.get $txR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $p)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $p)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $p)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $r2 (f64x2.add
          (f64x2.add
            (f64x2.mul (local.get $txR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $p)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $p)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $p)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $b1 (f64x2.add
          (f64x2.add
            (f64x2.mul (local.get $txB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $q)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $q)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $q)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $q (i32.add (local.get $q) (local.get $row)))
        (local.set $b2 (f64x2.add
          (f64x2.add
            (f64x2.mul (local.get $txB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $q)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $q)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $q)) (v128.const i8x16 0 255 255 255 6 255 255 255 255 255 255 255 255 255 255 255))))))
        ;; green: bytes 1, 4 (cell cx) and 7, 10 (cell cx + 1) of two pixel rows, integers
        (local.set $g
          (f64x2.convert_low_i32x4_s
            (i32x4.extadd_pairwise_i16x8_u
              (i16x8.add
                (i16x8.extadd_pairwise_i8x16_u (i8x16.swizzle (v128.load offset=1 (local.get $i)) (v128.const i8x16 0 3 255 255 6 9 255 255 255 255 255 255 255 255 255 255)))
                (i16x8.extadd_pairwise_i8x16_u (i8x16.swizzle (v128.load offset=1 (i32.add (local.get $i) (local.get $row))) (v128.const i8x16 0 3 255 255 6 9 255 255 255 255 255 255 255 255 255 255)))))))
        ;; (ty · carried + row 1) + (1 − ty) · row 2, at least the black
        (v128.store (i32.add (local.get $at) (local.get $o))
          (f64x2.pmax (local.get $k0)
            (f64x2.add
              (f64x2.add (f64x2.mul (local.get $tyR) (v128.load (i32.add (global.get $cR) (local.get $o)))) (local.get $r1))
              (f64x2.mul (local.get $uyR) (local.get $r2)))))
        (v128.store (i32.add (i32.add (local.get $at) (global.get $arr)) (local.get $o)) (f64x2.pmax (local.get $k1) (local.get $g)))
        (v128.store (i32.add (i32.add (local.get $at) (i32.shl (global.get $arr) (i32.const 1))) (local.get $o))
          (f64x2.pmax (local.get $k2)
            (f64x2.add
              (f64x2.add (f64x2.mul (local.get $tyB) (v128.load (i32.add (global.get $cB) (local.get $o)))) (local.get $b1))
              (f64x2.mul (local.get $uyB) (local.get $b2)))))
        ;; the last pixel row carried to the next row of cells
        (v128.store (i32.add (global.get $cR) (local.get $o)) (local.get $r2))
        (v128.store (i32.add (global.get $cB) (local.get $o)) (local.get $b2))
        (local.set $i (i32.add (local.get $i) (i32.const 12)))
        (local.set $cx (i32.add (local.get $cx) (i32.const 2)))
        (br $cells))))

  ;; `coloursOf3`: cells of 3 pixels, two cells a step (lanes: cell cx, cell cx + 1, 9 bytes on).
  ;; A moved row: ((tx · first + second) + third) + (1 − tx) · last; a cell: ((ty · carried + row 1)
  ;; + row 2) + (1 − ty) · row 3.
  (func $colours3 (param $i i32) (param $at i32)
    (local $cx i32) (local $o i32) (local $p i32) (local $q i32) (local $row i32)
    (local $tyR v128) (local $uyR v128) (local $txR v128) (local $uxR v128)
    (local $tyB v128) (local $uyB v128) (local $txB v128) (local $uxB v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128)
    (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $g v128)
    (local.set $row (global.get $row))
    (local.set $tyR (v128.load64_splat offset=802944 (i32.const 0)))
    (local.set $uyR (v128.load64_splat offset=802952 (i32.const 0)))
    (local.set $txR (v128.load64_splat offset=802960 (i32.const 0)))
    (local.set $uxR (v128.load64_splat offset=802968 (i32.const 0)))
    (local.set $tyB (v128.load64_splat offset=802976 (i32.const 0)))
    (local.set $uyB (v128.load64_splat offset=802984 (i32.const 0)))
    (local.set $txB (v128.load64_splat offset=802992 (i32.const 0)))
    (local.set $uxB (v128.load64_splat offset=803000 (i32.const 0)))
    (local.set $k0 (v128.load64_splat offset=803008 (i32.const 0)))
    (local.set $k1 (v128.load64_splat offset=803016 (i32.const 0)))
    (local.set $k2 (v128.load64_splat offset=803024 (i32.const 0)))
    (block $row_done
      (loop $cells
        (br_if $row_done (i32.ge_u (local.get $cx) (global.get $cw)))
        (local.set $o (i32.shl (local.get $cx) (i32.const 3)))
        (local.set $p (i32.add (i32.add (local.get $i) (global.get $offR)) (local.get $row)))
        (local.set $q (i32.add (i32.add (local.get $i) (global.get $offB)) (local.get $row)))
        ;; each pixel row: bytes 0 and 9 of a load are the two cells' columns
        (local.set $r1 (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $txR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
              (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=9 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $r2 (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $txR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
              (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=9 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $r3 (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $txR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
              (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxR) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=9 (local.get $p)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $b1 (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $txB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
              (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=9 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $q (i32.add (local.get $q) (local.get $row)))
        (local.set $b2 (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $txB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
              (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=9 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))))
        (local.set $q (i32.add (local.get $q) (local.get $row)))
        (local.set $b3 (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $txB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
              (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=3 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
            (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=6 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))
          (f64x2.mul (local.get $uxB) (f64x2.convert_low_i32x4_s (i8x16.swizzle (v128.load offset=9 (local.get $q)) (v128.const i8x16 0 255 255 255 9 255 255 255 255 255 255 255 255 255 255 255))))))
        ;; green: bytes 1, 4, 7 (cell cx) and 10, 13, 16 (cell cx + 1) of three pixel rows, integers
        (local.set $g
          (f64x2.convert_low_i32x4_s
            (i32x4.extadd_pairwise_i16x8_u
              (i16x8.add
                (i16x8.add
                  (i16x8.extadd_pairwise_i8x16_u (i8x16.swizzle (v128.load offset=1 (local.get $i)) (v128.const i8x16 0 3 6 255 9 12 15 255 255 255 255 255 255 255 255 255)))
                  (i16x8.extadd_pairwise_i8x16_u (i8x16.swizzle (v128.load offset=1 (i32.add (local.get $i) (local.get $row))) (v128.const i8x16 0 3 6 255 9 12 15 255 255 255 255 255 255 255 255 255))))
                (i16x8.extadd_pairwise_i8x16_u (i8x16.swizzle (v128.load offset=1 (i32.add (local.get $i) (i32.shl (local.get $row) (i32.const 1)))) (v128.const i8x16 0 3 6 255 9 12 15 255 255 255 255 255 255 255 255 255)))))))
        ;; ((ty · carried + row 1) + row 2) + (1 − ty) · row 3, at least the black
        (v128.store (i32.add (local.get $at) (local.get $o))
          (f64x2.pmax (local.get $k0)
            (f64x2.add
              (f64x2.add
                (f64x2.add (f64x2.mul (local.get $tyR) (v128.load (i32.add (global.get $cR) (local.get $o)))) (local.get $r1))
                (local.get $r2))
              (f64x2.mul (local.get $uyR) (local.get $r3)))))
        (v128.store (i32.add (i32.add (local.get $at) (global.get $arr)) (local.get $o)) (f64x2.pmax (local.get $k1) (local.get $g)))
        (v128.store (i32.add (i32.add (local.get $at) (i32.shl (global.get $arr) (i32.const 1))) (local.get $o))
          (f64x2.pmax (local.get $k2)
            (f64x2.add
              (f64x2.add
                (f64x2.add (f64x2.mul (local.get $tyB) (v128.load (i32.add (global.get $cB) (local.get $o)))) (local.get $b1))
                (local.get $b2))
              (f64x2.mul (local.get $uyB) (local.get $b3)))))
        ;; the last pixel row carried to the next row of cells
        (v128.store (i32.add (global.get $cR) (local.get $o)) (local.get $r3))
        (v128.store (i32.add (global.get $cB) (local.get $o)) (local.get $b3))
        (local.set $i (i32.add (local.get $i) (i32.const 18)))
        (local.set $cx (i32.add (local.get $cx) (i32.const 2)))
        (br $cells))))

  ;; One lane's cell `k` written out: its index and its 3 × 3 colour.
  ;; Past the output's room (`cap` cells) a cell is only counted: the caller makes room and runs again.
  (func $emit (param $k i32) (param $r f64) (param $g f64) (param $b f64)
    (local $a i32)
    (if (i32.lt_u (global.get $n) (global.get $cap)) (then
      (local.set $a (i32.add (global.get $out) (i32.shl (global.get $n) (i32.const 5))))
      (f64.store (local.get $a) (f64.convert_i32_u (local.get $k)))
      (f64.store offset=8 (local.get $a) (local.get $r))
      (f64.store offset=16 (local.get $a) (local.get $g))
      (f64.store offset=24 (local.get $a) (local.get $b))))
    (global.set $n (i32.add (global.get $n) (i32.const 1))))

  ;; `judge`: row `cy`'s cells whose 3 × 3 colour may reach the threshold written out, two cells a
  ;; step. Column sums (above + this + below) first, each cell's (left + this) + right of those; the
  ;; stretch: sum · (1 / (columns · rows) · scale / cell²) − black · scale; then the spread floor and,
  ;; when the cheap test applies, `mayReachChroma`'s bound, both as the JavaScript works them out.
  (func $judge (param $cy i32)
    (local $arr i32) (local $stride i32) (local $mid i32) (local $up i32) (local $down i32)
    (local $ny i32) (local $cw i32) (local $last i32) (local $cx i32) (local $o i32) (local $bits i32) (local $k i32)
    (local $inside f64) (local $end f64)
    (local $ir f64) (local $ig f64) (local $ib f64) (local $er f64) (local $eg f64) (local $eb f64)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $floor v128) (local $lvl v128) (local $eps v128)
    (local $epsB v128) (local $c009 v128) (local $c008 v128) (local $hi v128) (local $three v128) (local $z v128)
    (local $r v128) (local $g v128) (local $b v128) (local $rg v128) (local $gb v128) (local $br v128)
    (local $s v128) (local $pass v128) (local $t v128)
    (local $pr v128) (local $pg v128) (local $pb v128) (local $qr v128) (local $qg v128) (local $qb v128) (local $nr v128) (local $ng v128) (local $nb v128)
    (local $ur v128) (local $ug v128) (local $ub v128) (local $end0 i32) (local $end1 i32)
    (local.set $cw (global.get $cw))
    (local.set $last (i32.sub (local.get $cw) (i32.const 1)))
    (local.set $arr (global.get $arr))
    (local.set $stride (i32.mul (local.get $arr) (i32.const 3)))
    (local.set $mid (i32.add (global.get $ring) (i32.mul (i32.rem_u (local.get $cy) (i32.const 3)) (local.get $stride))))
    (local.set $up (global.get $zero))
    (local.set $down (global.get $zero))
    (local.set $ny (i32.const 1))
    (if (i32.gt_u (local.get $cy) (i32.const 0)) (then
      (local.set $up (i32.add (global.get $ring) (i32.mul (i32.rem_u (i32.add (local.get $cy) (i32.const 2)) (i32.const 3)) (local.get $stride))))
      (local.set $ny (i32.add (local.get $ny) (i32.const 1)))))
    (if (i32.lt_u (local.get $cy) (i32.sub (global.get $ch) (i32.const 1))) (then
      (local.set $down (i32.add (global.get $ring) (i32.mul (i32.rem_u (i32.add (local.get $cy) (i32.const 1)) (i32.const 3)) (local.get $stride))))
      (local.set $ny (i32.add (local.get $ny) (i32.const 1)))))
    ;; 1 / (3 · ny) inside, 1 / (min(2, cw) · ny) at either end
    (local.set $inside (f64.div (f64.const 1) (f64.convert_i32_u (i32.mul (i32.const 3) (local.get $ny)))))
    (local.set $end (f64.div (f64.const 1)
      (f64.convert_i32_u (i32.mul (select (i32.const 2) (local.get $cw) (i32.ge_u (local.get $cw) (i32.const 2))) (local.get $ny)))))
    (local.set $ir (f64.mul (local.get $inside) (f64.load offset=803032 (i32.const 0))))
    (local.set $ig (f64.mul (local.get $inside) (f64.load offset=803040 (i32.const 0))))
    (local.set $ib (f64.mul (local.get $inside) (f64.load offset=803048 (i32.const 0))))
    (local.set $er (f64.mul (local.get $end) (f64.load offset=803032 (i32.const 0))))
    (local.set $eg (f64.mul (local.get $end) (f64.load offset=803040 (i32.const 0))))
    (local.set $eb (f64.mul (local.get $end) (f64.load offset=803048 (i32.const 0))))
    (local.set $c0 (v128.load64_splat offset=803056 (i32.const 0)))
    (local.set $c1 (v128.load64_splat offset=803064 (i32.const 0)))
    (local.set $c2 (v128.load64_splat offset=803072 (i32.const 0)))
    (local.set $floor (v128.load64_splat offset=803080 (i32.const 0)))
    (local.set $lvl (v128.load64_splat offset=803088 (i32.const 0)))
    (local.set $eps (v128.load64_splat offset=803096 (i32.const 0)))
    (local.set $epsB (v128.load64_splat offset=803104 (i32.const 0)))
    (local.set $c009 (v128.load64_splat offset=803112 (i32.const 0)))
    (local.set $c008 (v128.load64_splat offset=803120 (i32.const 0)))
    (local.set $hi (v128.load64_splat offset=803128 (i32.const 0)))
    (local.set $three (v128.load64_splat offset=803136 (i32.const 0)))
    ;; the inside stretch kept in memory (header bytes 336–383) and read there in the loop: as locals, V8
    ;; worked them out again (a division) at every step
    (v128.store offset=803152 (i32.const 0) (f64x2.splat (local.get $ir)))
    (v128.store offset=803168 (i32.const 0) (f64x2.splat (local.get $ig)))
    (v128.store offset=803184 (i32.const 0) (f64x2.splat (local.get $ib)))
    ;; column sums (above + this + below) of the pair of cells before (zeros: the left of cell 0),
    ;; this pair and the next (cells from cw on are zeros)
    (local.set $o (i32.const 0))
    (local.set $qr (f64x2.add (f64x2.add (v128.load (i32.add (local.get $up) (local.get $o))) (v128.load (i32.add (local.get $mid) (local.get $o)))) (v128.load (i32.add (local.get $down) (local.get $o)))))
    (local.set $qg (f64x2.add (f64x2.add (v128.load (i32.add (i32.add (local.get $up) (local.get $o)) (i32.mul (local.get $arr) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $mid) (local.get $o)) (i32.mul (local.get $arr) (i32.const 1))))) (v128.load (i32.add (i32.add (local.get $down) (local.get $o)) (i32.mul (local.get $arr) (i32.const 1))))))
    (local.set $qb (f64x2.add (f64x2.add (v128.load (i32.add (i32.add (local.get $up) (local.get $o)) (i32.mul (local.get $arr) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $mid) (local.get $o)) (i32.mul (local.get $arr) (i32.const 2))))) (v128.load (i32.add (i32.add (local.get $down) (local.get $o)) (i32.mul (local.get $arr) (i32.const 2))))))
    (block $row_done
      (loop $cells
        (br_if $row_done (i32.ge_u (local.get $cx) (local.get $cw)))
        (local.set $o (i32.shl (local.get $cx) (i32.const 3)))
        (local.set $nr (f64x2.add (f64x2.add (v128.load offset=16 (i32.add (local.get $up) (local.get $o))) (v128.load offset=16 (i32.add (local.get $mid) (local.get $o)))) (v128.load offset=16 (i32.add (local.get $down) (local.get $o)))))
        (local.set $ng (f64x2.add (f64x2.add (v128.load offset=16 (i32.add (i32.add (local.get $up) (local.get $o)) (i32.mul (local.get $arr) (i32.const 1)))) (v128.load offset=16 (i32.add (i32.add (local.get $mid) (local.get $o)) (i32.mul (local.get $arr) (i32.const 1))))) (v128.load offset=16 (i32.add (i32.add (local.get $down) (local.get $o)) (i32.mul (local.get $arr) (i32.const 1))))))
        (local.set $nb (f64x2.add (f64x2.add (v128.load offset=16 (i32.add (i32.add (local.get $up) (local.get $o)) (i32.mul (local.get $arr) (i32.const 2)))) (v128.load offset=16 (i32.add (i32.add (local.get $mid) (local.get $o)) (i32.mul (local.get $arr) (i32.const 2))))) (v128.load offset=16 (i32.add (i32.add (local.get $down) (local.get $o)) (i32.mul (local.get $arr) (i32.const 2))))))
        ;; the stretch: its end value for the row's first and last cells
        (local.set $ur (v128.load offset=803152 (i32.const 0)))
        (local.set $ug (v128.load offset=803168 (i32.const 0)))
        (local.set $ub (v128.load offset=803184 (i32.const 0)))
        (if (i32.or (i32.eqz (local.get $cx)) (i32.ge_u (i32.add (local.get $cx) (i32.const 2)) (local.get $cw))) (then
          (local.set $end0 (i32.or (i32.eqz (local.get $cx)) (i32.eq (local.get $cx) (local.get $last))))
          (local.set $end1 (i32.eq (i32.add (local.get $cx) (i32.const 1)) (local.get $last)))
          (local.set $ur (f64x2.replace_lane 1
            (f64x2.splat (select (local.get $er) (local.get $ir) (local.get $end0)))
            (select (local.get $er) (local.get $ir) (local.get $end1))))
          (local.set $ug (f64x2.replace_lane 1
            (f64x2.splat (select (local.get $eg) (local.get $ig) (local.get $end0)))
            (select (local.get $eg) (local.get $ig) (local.get $end1))))
          (local.set $ub (f64x2.replace_lane 1
            (f64x2.splat (select (local.get $eb) (local.get $ib) (local.get $end0)))
            (select (local.get $eb) (local.get $ib) (local.get $end1))))
        ))
        ;; ((left + this) + right) · stretch − black · scale; left: the previous pair's second and this pair's first column
        (local.set $r (f64x2.sub
          (f64x2.mul
            (f64x2.add
              (f64x2.add (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $pr) (local.get $qr)) (local.get $qr))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $qr) (local.get $nr)))
            (local.get $ur))
          (local.get $c0)))
        (local.set $pr (local.get $qr))
        (local.set $qr (local.get $nr))
        (local.set $g (f64x2.sub
          (f64x2.mul
            (f64x2.add
              (f64x2.add (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $pg) (local.get $qg)) (local.get $qg))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $qg) (local.get $ng)))
            (local.get $ug))
          (local.get $c1)))
        (local.set $pg (local.get $qg))
        (local.set $qg (local.get $ng))
        (local.set $b (f64x2.sub
          (f64x2.mul
            (f64x2.add
              (f64x2.add (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $pb) (local.get $qb)) (local.get $qb))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $qb) (local.get $nb)))
            (local.get $ub))
          (local.get $c2)))
        (local.set $pb (local.get $qb))
        (local.set $qb (local.get $nb))
        (local.set $rg (f64x2.sub (local.get $r) (local.get $g)))
        (local.set $gb (f64x2.sub (local.get $g) (local.get $b)))
        (local.set $br (f64x2.sub (local.get $b) (local.get $r)))
        (local.set $s (f64x2.add
          (f64x2.add (f64x2.mul (local.get $rg) (local.get $rg)) (f64x2.mul (local.get $gb) (local.get $gb)))
          (f64x2.mul (local.get $br) (local.get $br))))
        (local.set $pass (f64x2.ge (local.get $s) (local.get $floor)))
        (if (v128.any_true (local.get $pass)) (then
          (if (i32.load offset=802844 (i32.const 0)) (then
            ;; mayReachChroma: t = (level / 3) · (0.009 + 0.008 · min(max(mean − eps, 0), 1.25)) − 3.4642 · eps
            (local.set $t (f64x2.sub
              (f64x2.mul (local.get $lvl)
                (f64x2.add (local.get $c009)
                  (f64x2.mul (local.get $c008)
                    (f64x2.pmin
                      (f64x2.pmax
                        (f64x2.sub (f64x2.div (f64x2.add (f64x2.add (local.get $r) (local.get $g)) (local.get $b)) (local.get $three)) (local.get $eps))
                        (local.get $z))
                      (local.get $hi)))))
              (local.get $epsB)))
            (local.set $pass (v128.and (local.get $pass)
              (v128.or (f64x2.le (local.get $t) (local.get $z)) (f64x2.ge (local.get $s) (f64x2.mul (local.get $t) (local.get $t))))))))
          (local.set $bits (i64x2.bitmask (local.get $pass)))
          (local.set $k (i32.add (i32.mul (local.get $cy) (local.get $cw)) (local.get $cx)))
          (if (i32.and (local.get $bits) (i32.const 1)) (then
            (call $emit (local.get $k) (f64x2.extract_lane 0 (local.get $r)) (f64x2.extract_lane 0 (local.get $g)) (f64x2.extract_lane 0 (local.get $b)))))
          (if (i32.and (i32.shr_u (local.get $bits) (i32.const 1)) (i32.lt_u (local.get $cx) (local.get $last))) (then
            (call $emit (i32.add (local.get $k) (i32.const 1)) (f64x2.extract_lane 1 (local.get $r)) (f64x2.extract_lane 1 (local.get $g)) (f64x2.extract_lane 1 (local.get $b)))))))
        (local.set $cx (i32.add (local.get $cx) (i32.const 2)))
        (br $cells))))

  ;; The whole screen, from the header; returns how many cells it kept.
  (func (export "screen") (result i32)
    (local $i0 i32) (local $i i32) (local $cx i32) (local $cy i32) (local $at i32) (local $stride i32) (local $step i32)
    (local $txR f64) (local $uxR f64) (local $txB f64) (local $uxB f64)
    (local.set $i0 (i32.load offset=802816 (i32.const 0)))
    (global.set $row (i32.load offset=802820 (i32.const 0)))
    (global.set $cell (i32.load offset=802824 (i32.const 0)))
    (global.set $cw (i32.load offset=802828 (i32.const 0)))
    (global.set $ch (i32.load offset=802832 (i32.const 0)))
    (global.set $offR (i32.load offset=802836 (i32.const 0)))
    (global.set $offB (i32.load offset=802840 (i32.const 0)))
    (global.set $cR (i32.load offset=802848 (i32.const 0)))
    (global.set $cB (i32.load offset=802852 (i32.const 0)))
    (global.set $ring (i32.load offset=802856 (i32.const 0)))
    (global.set $zero (i32.load offset=802860 (i32.const 0)))
    (global.set $out (i32.load offset=802864 (i32.const 0)))
    (global.set $arr (i32.shl (i32.load offset=802868 (i32.const 0)) (i32.const 3)))
    (global.set $n (i32.const 0))
    (global.set $cap (i32.load offset=802872 (i32.const 0)))
    (local.set $txR (f64.load offset=802960 (i32.const 0)))
    (local.set $uxR (f64.load offset=802968 (i32.const 0)))
    (local.set $txB (f64.load offset=802992 (i32.const 0)))
    (local.set $uxB (f64.load offset=803000 (i32.const 0)))
    (local.set $stride (i32.mul (global.get $arr) (i32.const 3)))
    (local.set $step (i32.mul (global.get $cell) (i32.const 3)))
    ;; carried rows, the ring and the row of zeros start from zeros
    (memory.fill (global.get $cR) (i32.const 0) (global.get $arr))
    (memory.fill (global.get $cB) (i32.const 0) (global.get $arr))
    (memory.fill (global.get $ring) (i32.const 0) (i32.mul (local.get $stride) (i32.const 3)))
    (memory.fill (global.get $zero) (i32.const 0) (local.get $stride))
    ;; the carried rows for the first row of cells: the pixel row above it, moved back
    (local.set $i (local.get $i0))
    (block $init_done
      (loop $init
        (br_if $init_done (i32.ge_u (local.get $cx) (global.get $cw)))
        (f64.store (i32.add (global.get $cR) (i32.shl (local.get $cx) (i32.const 3)))
          (call $movedRow (i32.add (local.get $i) (global.get $offR)) (local.get $txR) (local.get $uxR)))
        (f64.store (i32.add (global.get $cB) (i32.shl (local.get $cx) (i32.const 3)))
          (call $movedRow (i32.add (local.get $i) (global.get $offB)) (local.get $txB) (local.get $uxB)))
        (local.set $i (i32.add (local.get $i) (local.get $step)))
        (local.set $cx (i32.add (local.get $cx) (i32.const 1)))
        (br $init)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $cy) (global.get $ch)))
        (local.set $i (i32.add (local.get $i0) (i32.mul (i32.mul (local.get $cy) (global.get $cell)) (global.get $row))))
        (local.set $at (i32.add (global.get $ring) (i32.mul (i32.rem_u (local.get $cy) (i32.const 3)) (local.get $stride))))
        (if (i32.eq (global.get $cell) (i32.const 2))
          (then (call $colours2 (local.get $i) (local.get $at)))
          (else (if (i32.eq (global.get $cell) (i32.const 3))
            (then (call $colours3 (local.get $i) (local.get $at)))
            (else (call $coloursAny (local.get $i) (local.get $at))))))
        ;; cell cw (a lane past the row's end) is a zero
        (f64.store (i32.add (local.get $at) (i32.shl (global.get $cw) (i32.const 3))) (f64.const 0))
        (f64.store (i32.add (i32.add (local.get $at) (global.get $arr)) (i32.shl (global.get $cw) (i32.const 3))) (f64.const 0))
        (f64.store (i32.add (i32.add (local.get $at) (i32.shl (global.get $arr) (i32.const 1))) (i32.shl (global.get $cw) (i32.const 3))) (f64.const 0))
        (if (i32.gt_u (local.get $cy) (i32.const 0)) (then (call $judge (i32.sub (local.get $cy) (i32.const 1)))))
        (local.set $cy (i32.add (local.get $cy) (i32.const 1)))
        (br $rows)))
    (call $judge (i32.sub (global.get $ch) (i32.const 1)))
    (global.get $n))
)
