#!/usr/bin/env python3
# Derives the expm1 polynomial in kernels/exponential.c: (expm1(x) - x) / x^2
# interpolated at 6 Chebyshev nodes on [-ln2 - 0.01, 0], coefficients rounded
# to float; prints them and the relative error of x + x^2 * r(x) on a grid.
import math, struct
from fractions import Fraction as F
def R(x):  # (e^x-1-x)/x^2 by Taylor, double
    s=0.0; t=1.0/2
    k=2
    for i in range(40):
        s+=t; k+=1; t=t*x/k
    return s
def f32(v): return struct.unpack('f',struct.pack('f',v))[0]
a,b=-math.log(2)-0.01,0.0
deg=5
n=deg+1
nodes=[(a+b)/2+(b-a)/2*math.cos(math.pi*(2*i+1)/(2*n)) for i in range(n)]
A=[[F(x)**j for j in range(n)] for x in nodes]; y=[F(R(x)) for x in nodes]
# gauss
M=[A[i]+[y[i]] for i in range(n)]
for c in range(n):
  p=max(range(c,n),key=lambda r:abs(M[r][c])); M[c],M[p]=M[p],M[c]
  for r in range(n):
    if r!=c:
      fct=M[r][c]/M[c][c]; M[r]=[M[r][k]-fct*M[c][k] for k in range(n+1)]
co=[float(M[i][n]/M[i][i]) for i in range(n)]
cf=[f32(c) for c in co]
print([c.hex() for c in cf], cf)
mx=0
N=200000
for i in range(N+1):
  x=a*i/N
  if x==0: continue
  p=0.0
  for c in reversed(cf): p=p*x+c
  m=x+x*x*p; t=math.expm1(x)
  mx=max(mx,abs(m-t)/abs(t))
print("max rel err", mx, mx/2**-24, "ulp-ish")

