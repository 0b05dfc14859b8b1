* gavel-solve --write-mps: winner determination of one epoch after reductions (formats/lp-export.md)
* marketplace hand
* epoch 5
* bidset caf5355a1fa65de032e8b3740f130d54a4f95f93a3f9fc1cbd2f979bb1e4b735
* bids 6 kept 5 below-reserves 1 dominated 0 rollups 4
* minimise; value = reserves - gcd * objective
* reserves 180
* gcd 5
* column x1 bid b1
* column x2 bid b2
* column x3 bid b3
* column x4 bid b4
* column x5 bid b6
* row R0 rollup arb-one
* row R1 rollup arb-two
* row R2 rollup base-one
* row R3 rollup op-one
* row X0 xor alice
NAME gavel
ROWS
 N value
 L R0
 L R1
 L R2
 L R3
 L X0
COLUMNS
 x1 value -10
 x1 R0 1
 x1 R1 1
 x1 X0 1
 x2 value -4
 x2 R0 1
 x3 value -4
 x3 R1 1
 x4 value -5
 x4 R2 1
 x4 X0 1
 x5 value -6
 x5 R2 1
 x5 R3 1
RHS
 rhs R0 1
 rhs R1 1
 rhs R2 1
 rhs R3 1
 rhs X0 1
BOUNDS
 BV bnd x1
 BV bnd x2
 BV bnd x3
 BV bnd x4
 BV bnd x5
ENDATA
