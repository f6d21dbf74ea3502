"""The banded copy of a table turned on its side equals numpy's own, whatever the shape
and the type, including tables taller than a band."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from etprio.core.transposed import transposed


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        st.sampled_from([np.uint16, np.int32, np.int64, np.float64]),
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=700),
        elements=st.integers(0, 60_000),
    )
)
def test_transposed_is_the_table_on_its_side(table):
    out = transposed(table)
    assert out.flags.c_contiguous and out.dtype == table.dtype
    np.testing.assert_array_equal(out, table.T)
