;; LayerNorm and exact GELU, forward and backward, over float32 data in an imported memory
;; (the WASM backend's own heap, so tensors are read and written where they lie), four lanes at
;; a time. Compiled by scripts/build-simd.ts into simdBinary.ts. Pointers are byte offsets;
;; each kernel's inputs come first, then its outputs (simdModule.ts relies on that order).
(module
  (import "env" "memory" (memory 1))

  ;; The four lanes' sum.
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; erf as Eigen's float rational x·P(x²)/Q(x²) on x clamped to [−4, 4] (beyond, erf is ±1 in
  ;; float32); used only for |x| < ½ (see $cdf), where its relative error is a few ulp.
  (func $erf (param $a v128) (result v128)
    (local $x v128) (local $x2 v128) (local $p v128) (local $q v128)
    (local.set $x
      (f32x4.max (f32x4.min (local.get $a) (v128.const f32x4 4 4 4 4)) (v128.const f32x4 -4 -4 -4 -4)))
    (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $p
      (f32x4.add
        (f32x4.mul (local.get $x2) (v128.const f32x4 -2.72614225801306e-10 -2.72614225801306e-10 -2.72614225801306e-10 -2.72614225801306e-10))
        (v128.const f32x4 2.77068142495902e-08 2.77068142495902e-08 2.77068142495902e-08 2.77068142495902e-08)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
        (v128.const f32x4 -2.10102402082508e-06 -2.10102402082508e-06 -2.10102402082508e-06 -2.10102402082508e-06)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
        (v128.const f32x4 -5.69250639462346e-05 -5.69250639462346e-05 -5.69250639462346e-05 -5.69250639462346e-05)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
        (v128.const f32x4 -7.34990630326855e-04 -7.34990630326855e-04 -7.34990630326855e-04 -7.34990630326855e-04)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
        (v128.const f32x4 -2.95459980854025e-03 -2.95459980854025e-03 -2.95459980854025e-03 -2.95459980854025e-03)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $p))
        (v128.const f32x4 -1.60960333262415e-02 -1.60960333262415e-02 -1.60960333262415e-02 -1.60960333262415e-02)))
    (local.set $q
      (f32x4.add
        (f32x4.mul (local.get $x2) (v128.const f32x4 -1.45660718464996e-05 -1.45660718464996e-05 -1.45660718464996e-05 -1.45660718464996e-05))
        (v128.const f32x4 -2.13374055278905e-04 -2.13374055278905e-04 -2.13374055278905e-04 -2.13374055278905e-04)))
    (local.set $q
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $q))
        (v128.const f32x4 -1.68282697438203e-03 -1.68282697438203e-03 -1.68282697438203e-03 -1.68282697438203e-03)))
    (local.set $q
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $q))
        (v128.const f32x4 -7.37332916720468e-03 -7.37332916720468e-03 -7.37332916720468e-03 -7.37332916720468e-03)))
    (local.set $q
      (f32x4.add (f32x4.mul (local.get $x2) (local.get $q))
        (v128.const f32x4 -1.42647390514189e-02 -1.42647390514189e-02 -1.42647390514189e-02 -1.42647390514189e-02)))
    (f32x4.div (f32x4.mul (local.get $x) (local.get $p)) (local.get $q)))

  ;; e^z for z ≤ 0 as Cephes' expf: z = n·ln 2 + r (ln 2 in two parts), e^r by its degree-7
  ;; polynomial, 2^n built in the exponent bits. z is clamped to −87 so 2^n stays normal.
  (func $exp (param $z v128) (result v128)
    (local $x v128) (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $z) (v128.const f32x4 -87 -87 -87 -87)))
    (local.set $n
      (f32x4.nearest
        (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    (local.set $r
      (f32x4.sub
        (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
        (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p
      (f32x4.add
        (f32x4.mul (local.get $r) (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
        (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $r) (local.get $p))
        (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $r) (local.get $p))
        (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $r) (local.get $p))
        (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p
      (f32x4.add (f32x4.mul (local.get $r) (local.get $p))
        (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    ;; e^r = p·r² + r + 1
    (local.set $p
      (f32x4.add
        (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
        (v128.const f32x4 1 1 1 1)))
    (f32x4.mul (local.get $p)
      (i32x4.shl
        (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127))
        (i32.const 23))))

  ;; ½·erfc(z) for z ≥ 0 as Numerical Recipes' erfcc, t·e^(P(t) − z²) with t = 1/(1 + z/2):
  ;; relative error below 1.2e-7 in exact arithmetic, and in float32 about z²·6e-8 (z²'s
  ;; rounding inside e^).
  (func $halfErfc (param $z v128) (result v128)
    (local $t v128) (local $p v128)
    (local.set $t
      (f32x4.div (v128.const f32x4 1 1 1 1)
        (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $z) (v128.const f32x4 0.5 0.5 0.5 0.5)))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (v128.const f32x4 0.17087277 0.17087277 0.17087277 0.17087277))
      (v128.const f32x4 -0.82215223 -0.82215223 -0.82215223 -0.82215223)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 1.48851587 1.48851587 1.48851587 1.48851587)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 -1.13520398 -1.13520398 -1.13520398 -1.13520398)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 0.27886807 0.27886807 0.27886807 0.27886807)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 -0.18628806 -0.18628806 -0.18628806 -0.18628806)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 0.09678418 0.09678418 0.09678418 0.09678418)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 0.37409196 0.37409196 0.37409196 0.37409196)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 1.00002368 1.00002368 1.00002368 1.00002368)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $t) (local.get $p)) (v128.const f32x4 -1.26551223 -1.26551223 -1.26551223 -1.26551223)))
    (f32x4.mul
      (f32x4.mul (local.get $t) (v128.const f32x4 0.5 0.5 0.5 0.5))
      (call $exp (f32x4.sub (local.get $p) (f32x4.mul (local.get $z) (local.get $z))))))

  ;; Φ(x) with u = x/√2: ½ + ½·erf(u) where |u| < ½, else from the tail ½·erfc(|u|) (itself for
  ;; u < 0, one less it for u > 0), so that Φ keeps its relative accuracy for negative x, where
  ;; ½ + ½·erf(u) cancels. Absolute error about 1.1e-7 (tfjs's Erf, Abramowitz–Stegun 7.1.26:
  ;; 1.5e-7, and 0.5 + 0.5·erf loses the negative tail).
  (func $cdf (param $u v128) (result v128)
    (local $z v128) (local $tail v128)
    (local.set $z (f32x4.abs (local.get $u)))
    (local.set $tail (call $halfErfc (local.get $z)))
    (v128.bitselect
      (f32x4.add
        (f32x4.mul (call $erf (local.get $u)) (v128.const f32x4 0.5 0.5 0.5 0.5))
        (v128.const f32x4 0.5 0.5 0.5 0.5))
      (v128.bitselect
        (local.get $tail)
        (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $tail))
        (f32x4.lt (local.get $u) (v128.const f32x4 0 0 0 0)))
      (f32x4.lt (local.get $z) (v128.const f32x4 0.5 0.5 0.5 0.5))))

  ;; y[i] = x[i]·Φ(x[i]) and cdf[i] = Φ(x[i]), i < n (the backward's Φ). The last n mod 4
  ;; entries one at a time, in lane 0.
  (func (export "gelu") (param $x i32) (param $y i32) (param $cdf i32) (param $n i32)
    (local $end i32) (local $tail i32) (local $v v128) (local $c v128)
    (local.set $tail (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $x) (local.get $tail)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $c (call $cdf (f32x4.mul (local.get $v) (v128.const f32x4 0.70710678118654752 0.70710678118654752 0.70710678118654752 0.70710678118654752))))
        (v128.store (local.get $y) (f32x4.mul (local.get $v) (local.get $c)))
        (v128.store (local.get $cdf) (local.get $c))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $cdf (i32.add (local.get $cdf) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $scalars
        (br_if $tailDone (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $v (f32x4.splat (f32.load (local.get $x))))
        (local.set $c (call $cdf (f32x4.mul (local.get $v) (v128.const f32x4 0.70710678118654752 0.70710678118654752 0.70710678118654752 0.70710678118654752))))
        (f32.store (local.get $y) (f32x4.extract_lane 0 (f32x4.mul (local.get $v) (local.get $c))))
        (f32.store (local.get $cdf) (f32x4.extract_lane 0 (local.get $c)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $cdf (i32.add (local.get $cdf) (i32.const 4)))
        (br $scalars))))

  ;; dy·(Φ(x) + x·φ(x)) from the forward's Φ, with u = x/√2: x·φ(x) = u·e^(ln(1/√π) − u²).
  (func $geluGrad4 (param $dy v128) (param $x v128) (param $cdf v128) (result v128)
    (local $u v128)
    (local.set $u (f32x4.mul (local.get $x) (v128.const f32x4 0.70710678118654752 0.70710678118654752 0.70710678118654752 0.70710678118654752)))
    (f32x4.mul (local.get $dy)
      (f32x4.add
        (local.get $cdf)
        (f32x4.mul (local.get $u)
          (call $exp
            (f32x4.sub
              (v128.const f32x4 -0.57236494292470008 -0.57236494292470008 -0.57236494292470008 -0.57236494292470008)
              (f32x4.mul (local.get $u) (local.get $u))))))))

  ;; dx[i] = dy[i]·(Φ(x[i]) + x[i]·φ(x[i])), i < n, Φ from the forward (cdf).
  (func (export "gelu_grad") (param $dy i32) (param $x i32) (param $cdf i32) (param $dx i32) (param $n i32)
    (local $end i32) (local $tail i32)
    (local.set $tail (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $x) (local.get $tail)))
        (v128.store (local.get $dx)
          (call $geluGrad4 (v128.load (local.get $dy)) (v128.load (local.get $x)) (v128.load (local.get $cdf))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $cdf (i32.add (local.get $cdf) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $scalars
        (br_if $tailDone (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $dx)
          (f32x4.extract_lane 0
            (call $geluGrad4
              (f32x4.splat (f32.load (local.get $dy)))
              (f32x4.splat (f32.load (local.get $x)))
              (f32x4.splat (f32.load (local.get $cdf))))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $cdf (i32.add (local.get $cdf) (i32.const 4)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
        (br $scalars))))

  ;; Per row of `cols` entries: μ, r = 1/√(mean (x − μ)² + eps), y = (x − μ)·r·γ + β; stats
  ;; gets μ and r, side by side, per row.
  (func (export "layer_norm")
    (param $x i32) (param $gamma i32) (param $beta i32) (param $y i32) (param $stats i32)
    (param $rows i32) (param $cols i32) (param $eps f32)
    (local $row i32) (local $i i32) (local $vecBytes i32) (local $rowBytes i32)
    (local $acc v128) (local $sum f32) (local $d f32) (local $mean f32) (local $rstd f32)
    (local $vMean v128) (local $vRstd v128) (local $n f32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (local.set $n (f32.convert_i32_u (local.get $cols)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
        ;; μ
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_u (local.get $i) (local.get $vecBytes)))
          (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $x) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l1)))
        (local.set $sum (call $hsum (local.get $acc)))
        (block $b2 (loop $l2
          (br_if $b2 (i32.ge_u (local.get $i) (local.get $rowBytes)))
          (local.set $sum (f32.add (local.get $sum) (f32.load (i32.add (local.get $x) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l2)))
        (local.set $mean (f32.div (local.get $sum) (local.get $n)))
        (local.set $vMean (f32x4.splat (local.get $mean)))
        ;; r
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $b3 (loop $l3
          (br_if $b3 (i32.ge_u (local.get $i) (local.get $vecBytes)))
          (local.set $acc (f32x4.add (local.get $acc)
            (call $square (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $vMean)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l3)))
        (local.set $sum (call $hsum (local.get $acc)))
        (block $b4 (loop $l4
          (br_if $b4 (i32.ge_u (local.get $i) (local.get $rowBytes)))
          (local.set $d (f32.sub (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $mean)))
          (local.set $sum (f32.add (local.get $sum) (f32.mul (local.get $d) (local.get $d))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l4)))
        (local.set $rstd
          (f32.div (f32.const 1) (f32.sqrt (f32.add (f32.div (local.get $sum) (local.get $n)) (local.get $eps)))))
        (local.set $vRstd (f32x4.splat (local.get $rstd)))
        (f32.store (local.get $stats) (local.get $mean))
        (f32.store offset=4 (local.get $stats) (local.get $rstd))
        ;; y
        (local.set $i (i32.const 0))
        (block $b5 (loop $l5
          (br_if $b5 (i32.ge_u (local.get $i) (local.get $vecBytes)))
          (v128.store (i32.add (local.get $y) (local.get $i))
            (f32x4.add
              (f32x4.mul
                (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $vMean)) (local.get $vRstd))
                (v128.load (i32.add (local.get $gamma) (local.get $i))))
              (v128.load (i32.add (local.get $beta) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l5)))
        (block $b6 (loop $l6
          (br_if $b6 (i32.ge_u (local.get $i) (local.get $rowBytes)))
          (f32.store (i32.add (local.get $y) (local.get $i))
            (f32.add
              (f32.mul
                (f32.mul (f32.sub (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $mean)) (local.get $rstd))
                (f32.load (i32.add (local.get $gamma) (local.get $i))))
              (f32.load (i32.add (local.get $beta) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l6)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $y (i32.add (local.get $y) (local.get $rowBytes)))
        (local.set $stats (i32.add (local.get $stats) (i32.const 8)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowLoop))))

  (func $square (param $v v128) (result v128)
    (f32x4.mul (local.get $v) (local.get $v)))

  ;; LayerNorm's gradients from dy, x and the forward's stats: with x̂ = (x − μ)·r and
  ;; g = dy ⊙ γ, dx = r·((g − mean g) − x̂·mean(g ⊙ x̂)) per row, dγ = Σ dy ⊙ x̂ and dβ = Σ dy over
  ;; the rows.
  (func (export "layer_norm_grad")
    (param $dy i32) (param $x i32) (param $stats i32) (param $gamma i32)
    (param $dx i32) (param $dGamma i32) (param $dBeta i32)
    (param $rows i32) (param $cols i32)
    (local $row i32) (local $i i32) (local $vecBytes i32) (local $rowBytes i32)
    (local $accG v128) (local $accGX v128) (local $sumG f32) (local $sumGX f32)
    (local $mean f32) (local $rstd f32) (local $n f32) (local $xh f32) (local $g f32) (local $d f32)
    (local $vMean v128) (local $vRstd v128) (local $vMeanG v128) (local $vMeanGX v128)
    (local $vxh v128) (local $vg v128) (local $vdy v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (local.set $n (f32.convert_i32_u (local.get $cols)))
    (memory.fill (local.get $dGamma) (i32.const 0) (local.get $rowBytes))
    (memory.fill (local.get $dBeta) (i32.const 0) (local.get $rowBytes))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $mean (f32.load (local.get $stats)))
        (local.set $rstd (f32.load offset=4 (local.get $stats)))
        (local.set $vMean (f32x4.splat (local.get $mean)))
        (local.set $vRstd (f32x4.splat (local.get $rstd)))
        ;; Σ g and Σ g ⊙ x̂
        (local.set $accG (v128.const f32x4 0 0 0 0))
        (local.set $accGX (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_u (local.get $i) (local.get $vecBytes)))
          (local.set $vxh
            (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $vMean)) (local.get $vRstd)))
          (local.set $vg
            (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $i))) (v128.load (i32.add (local.get $gamma) (local.get $i)))))
          (local.set $accG (f32x4.add (local.get $accG) (local.get $vg)))
          (local.set $accGX (f32x4.add (local.get $accGX) (f32x4.mul (local.get $vg) (local.get $vxh))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l1)))
        (local.set $sumG (call $hsum (local.get $accG)))
        (local.set $sumGX (call $hsum (local.get $accGX)))
        (block $b2 (loop $l2
          (br_if $b2 (i32.ge_u (local.get $i) (local.get $rowBytes)))
          (local.set $xh
            (f32.mul (f32.sub (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $mean)) (local.get $rstd)))
          (local.set $g
            (f32.mul (f32.load (i32.add (local.get $dy) (local.get $i))) (f32.load (i32.add (local.get $gamma) (local.get $i)))))
          (local.set $sumG (f32.add (local.get $sumG) (local.get $g)))
          (local.set $sumGX (f32.add (local.get $sumGX) (f32.mul (local.get $g) (local.get $xh))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l2)))
        (local.set $vMeanG (f32x4.splat (f32.div (local.get $sumG) (local.get $n))))
        (local.set $vMeanGX (f32x4.splat (f32.div (local.get $sumGX) (local.get $n))))
        ;; dx, and dγ, dβ accumulated
        (local.set $i (i32.const 0))
        (block $b3 (loop $l3
          (br_if $b3 (i32.ge_u (local.get $i) (local.get $vecBytes)))
          (local.set $vdy (v128.load (i32.add (local.get $dy) (local.get $i))))
          (local.set $vxh
            (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $vMean)) (local.get $vRstd)))
          (local.set $vg (f32x4.mul (local.get $vdy) (v128.load (i32.add (local.get $gamma) (local.get $i)))))
          (v128.store (i32.add (local.get $dx) (local.get $i))
            (f32x4.mul (local.get $vRstd)
              (f32x4.sub
                (f32x4.sub (local.get $vg) (local.get $vMeanG))
                (f32x4.mul (local.get $vxh) (local.get $vMeanGX)))))
          (v128.store (i32.add (local.get $dGamma) (local.get $i))
            (f32x4.add (v128.load (i32.add (local.get $dGamma) (local.get $i))) (f32x4.mul (local.get $vdy) (local.get $vxh))))
          (v128.store (i32.add (local.get $dBeta) (local.get $i))
            (f32x4.add (v128.load (i32.add (local.get $dBeta) (local.get $i))) (local.get $vdy)))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $l3)))
        (block $b4 (loop $l4
          (br_if $b4 (i32.ge_u (local.get $i) (local.get $rowBytes)))
          (local.set $d (f32.load (i32.add (local.get $dy) (local.get $i))))
          (local.set $xh
            (f32.mul (f32.sub (f32.load (i32.add (local.get $x) (local.get $i))) (local.get $mean)) (local.get $rstd)))
          (local.set $g (f32.mul (local.get $d) (f32.load (i32.add (local.get $gamma) (local.get $i)))))
          (f32.store (i32.add (local.get $dx) (local.get $i))
            (f32.mul (local.get $rstd)
              (f32.sub
                (f32.sub (local.get $g) (f32x4.extract_lane 0 (local.get $vMeanG)))
                (f32.mul (local.get $xh) (f32x4.extract_lane 0 (local.get $vMeanGX))))))
          (f32.store (i32.add (local.get $dGamma) (local.get $i))
            (f32.add (f32.load (i32.add (local.get $dGamma) (local.get $i))) (f32.mul (local.get $d) (local.get $xh))))
          (f32.store (i32.add (local.get $dBeta) (local.get $i))
            (f32.add (f32.load (i32.add (local.get $dBeta) (local.get $i))) (local.get $d)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $l4)))
        (local.set $dy (i32.add (local.get $dy) (local.get $rowBytes)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
        (local.set $stats (i32.add (local.get $stats) (i32.const 8)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowLoop)))))
