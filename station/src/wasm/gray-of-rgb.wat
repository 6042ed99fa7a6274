;; The gray tone of each pixel of an RGB raster (`imaging/gray-of-rgb.ts` fills the tables and says
;; what they hold): tone = FROM_LINEAR[(WEIGHTED[r] + PAIRS[g | b << 8]) >> 4], PAIRS[g | b << 8] being
;; WEIGHTED[256 + g] + WEIGHTED[512 + b] (green's and blue's weights added once for all 65,536 pairs:
;; a pixel costs three table loads, not four, and its two indexes are cut from the words it was read
;; in with fewer shifts), the rounding's 8 already in red's weights; the sum is at most 65,529, so no
;; index needs masking. Memory (shared, `imaging/preview-memory.ts`): WEIGHTED (768 i32) at 851,968
;; (GRAY_AT), FROM_LINEAR (4,096 bytes) at 856,064 (GRAY_AT + 4096), PAIRS (65,536 u16) at 860,160
;; (GRAY_AT + 8192); the caller's rasters elsewhere.
(module
  (import "env" "memory" (memory 1))

  ;; `n` pixels of 3 bytes from `src`, their tones to `dst` (one byte each): four pixels (three
  ;; 32-bit words a, b, c, bytes least significant first: r0 g0 b0 r1 | g1 b1 r2 g2 | b2 r3 g3 b3) a
  ;; step, then the last ones one at a time. Red's index is its byte × 4, the pair's (g | b << 8) × 2.
  (func (export "gray") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $a i32) (local $b i32) (local $c i32)
    (local.set $end (i32.add (local.get $dst) (i32.and (local.get $n) (i32.const -4))))
    (block $fours_done
      (loop $fours
        (br_if $fours_done (i32.ge_u (local.get $dst) (local.get $end)))
        (local.set $a (i32.load offset=0 (local.get $src)))
        (local.set $b (i32.load offset=4 (local.get $src)))
        (local.set $c (i32.load offset=8 (local.get $src)))
        (i32.store (local.get $dst)
          (i32.or (i32.or
            ;; pixel 0: r0 = a & 255, (g0 | b0 << 8) = (a >> 8) & 65535
            (i32.load8_u offset=856064 (i32.shr_u (i32.add
                (i32.load offset=851968 (i32.and (i32.shl (local.get $a) (i32.const 2)) (i32.const 1020)))
                (i32.load16_u offset=860160 (i32.and (i32.shr_u (local.get $a) (i32.const 7)) (i32.const 131070))))
                (i32.const 4)))
            ;; pixel 1: r1 = a >> 24, (g1 | b1 << 8) = b & 65535
            (i32.shl (i32.load8_u offset=856064 (i32.shr_u (i32.add
                (i32.load offset=851968 (i32.and (i32.shr_u (local.get $a) (i32.const 22)) (i32.const 1020)))
                (i32.load16_u offset=860160 (i32.and (i32.shl (local.get $b) (i32.const 1)) (i32.const 131070))))
                (i32.const 4))) (i32.const 8)))
            (i32.or
              ;; pixel 2: r2 = (b >> 16) & 255, (g2 | b2 << 8) = (b >> 24) | (c & 255) << 8
              (i32.shl (i32.load8_u offset=856064 (i32.shr_u (i32.add
                (i32.load offset=851968 (i32.and (i32.shr_u (local.get $b) (i32.const 14)) (i32.const 1020)))
                (i32.load16_u offset=860160 (i32.or
                  (i32.and (i32.shr_u (local.get $b) (i32.const 23)) (i32.const 510))
                  (i32.and (i32.shl (local.get $c) (i32.const 9)) (i32.const 130560)))))
                (i32.const 4))) (i32.const 16))
              ;; pixel 3: r3 = (c >> 8) & 255, (g3 | b3 << 8) = c >> 16
              (i32.shl (i32.load8_u offset=856064 (i32.shr_u (i32.add
                (i32.load offset=851968 (i32.and (i32.shr_u (local.get $c) (i32.const 6)) (i32.const 1020)))
                (i32.load16_u offset=860160 (i32.and (i32.shr_u (local.get $c) (i32.const 15)) (i32.const 131070))))
                (i32.const 4))) (i32.const 24)))))
        (local.set $src (i32.add (local.get $src) (i32.const 12)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $fours)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $n) (i32.const 3))))
    ;; one pixel a step: its red byte, then its green and blue bytes as one 16-bit value (the pair's index)
    (block $done
      (loop $px
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store8 (local.get $dst)
          (i32.load8_u offset=856064
            (i32.shr_u
              (i32.add
                (i32.load offset=851968 (i32.shl (i32.load8_u offset=0 (local.get $src)) (i32.const 2)))
                (i32.load16_u offset=860160 (i32.shl (i32.load16_u offset=1 (local.get $src)) (i32.const 1))))
              (i32.const 4))))
        (local.set $src (i32.add (local.get $src) (i32.const 3)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (br $px)))))
