;; The gray tone of each pixel of an RGB raster (`imaging/gray-of-rgb.ts` fills the tables and says
;; what they hold): tone = FROM_LINEAR[(WEIGHTED[r] + WEIGHTED[256 + g] + WEIGHTED[512 + b]) >> 4],
;; the rounding's 8 already in red's weights; the sum is at most 65,529, so no index needs masking.
;; Memory (shared, `imaging/preview-memory.ts`): WEIGHTED (768 i32) at 851,968 (GRAY_AT),
;; FROM_LINEAR (4,096 bytes) at 856,064 (GRAY_AT + 4096); the caller's rasters elsewhere.
(module
  (import "env" "memory" (memory 1))

  ;; `n` pixels of 3 bytes from `src`, their tones to `dst` (one byte each): four pixels (three
  ;; 32-bit words, bytes least significant first) a step, then the last ones one at a time.
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
            (i32.load8_u offset=856064 (i32.shr_u (i32.add (i32.add
                (i32.load offset=851968 (i32.and (i32.shl (local.get $a) (i32.const 2)) (i32.const 1020)))
                (i32.load offset=852992 (i32.and (i32.shr_u (local.get $a) (i32.const 6)) (i32.const 1020))))
                (i32.load offset=854016 (i32.and (i32.shr_u (local.get $a) (i32.const 14)) (i32.const 1020))))
                (i32.const 4)))
            (i32.shl (i32.load8_u offset=856064 (i32.shr_u (i32.add (i32.add
                (i32.load offset=851968 (i32.and (i32.shr_u (local.get $a) (i32.const 22)) (i32.const 1020)))
                (i32.load offset=852992 (i32.and (i32.shl (local.get $b) (i32.const 2)) (i32.const 1020))))
                (i32.load offset=854016 (i32.and (i32.shr_u (local.get $b) (i32.const 6)) (i32.const 1020))))
                (i32.const 4))) (i32.const 8)))
            (i32.or
              (i32.shl (i32.load8_u offset=856064 (i32.shr_u (i32.add (i32.add
                (i32.load offset=851968 (i32.and (i32.shr_u (local.get $b) (i32.const 14)) (i32.const 1020)))
                (i32.load offset=852992 (i32.and (i32.shr_u (local.get $b) (i32.const 22)) (i32.const 1020))))
                (i32.load offset=854016 (i32.and (i32.shl (local.get $c) (i32.const 2)) (i32.const 1020))))
                (i32.const 4))) (i32.const 16))
              (i32.shl (i32.load8_u offset=856064 (i32.shr_u (i32.add (i32.add
                (i32.load offset=851968 (i32.and (i32.shr_u (local.get $c) (i32.const 6)) (i32.const 1020)))
                (i32.load offset=852992 (i32.and (i32.shr_u (local.get $c) (i32.const 14)) (i32.const 1020))))
                (i32.load offset=854016 (i32.and (i32.shr_u (local.get $c) (i32.const 22)) (i32.const 1020))))
                (i32.const 4))) (i32.const 24)))))
        (local.set $src (i32.add (local.get $src) (i32.const 12)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $fours)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $n) (i32.const 3))))
    (block $done
      (loop $px
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store8 (local.get $dst)
          (i32.load8_u offset=856064
            (i32.shr_u
              (i32.add
                (i32.add
                  (i32.load offset=851968 (i32.shl (i32.load8_u offset=0 (local.get $src)) (i32.const 2)))
                  (i32.load offset=852992 (i32.shl (i32.load8_u offset=1 (local.get $src)) (i32.const 2))))
                (i32.load offset=854016 (i32.shl (i32.load8_u offset=2 (local.get $src)) (i32.const 2))))
              (i32.const 4))))
        (local.set $src (i32.add (local.get $src) (i32.const 3)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (br $px)))))
