"""A table turned on its side, copied or where it lies, equals numpy's own, whatever the
shape and the type, including tables larger than a band."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from etprio.core.transposed import transpose_in_place, transposed


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


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 600).flatmap(
        lambda n: hnp.arrays(
            st.sampled_from([np.uint16, np.uint32, np.int64]), (n, n), elements=st.integers(0, 9)
        )
    )
)
def test_a_square_table_turns_where_it_lies(table):
    expected = table.T.copy()
    out = transpose_in_place(table)
    assert out is table
    np.testing.assert_array_equal(table, expected)
