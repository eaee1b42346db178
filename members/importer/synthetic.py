"""Synthetic registers in the published shapes, at any size: for benchmarks and scale tests."""

from __future__ import annotations

import random

MAP_HEADER = (
    "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
    "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,"
    "ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME"
)
PATIENTS_HEADER = (
    "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,"
    "SEX,AGE,NUMBER_OF_PATIENTS"
)


def synthetic_registers(
    *, practices: int = 6200, pcns: int = 1250, month: int = 4, seed: int = 1, churn: bool = False
) -> tuple[bytes, bytes]:
    """(map, patients) for a country of `practices` in `pcns`, 42 ICBs and 106 sub-ICBs.

    With churn (next month's files): list sizes move, 1 % of practices change PCN, 0.5 %
    close and as many open.
    """
    rng = random.Random(seed)
    month_name = [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ][month - 1]
    map_rows, patient_rows = [MAP_HEADER], [PATIENTS_HEADER]
    letters = "ABCDEFGHJKLMNPRSTVWY"  # no U: PCN codes are U and five digits
    codes = [f"{letters[i % 20]}{10000 + i:05d}" for i in range(practices)]
    if churn:
        closed = set(rng.sample(range(practices), practices // 200))
        codes = [c for i, c in enumerate(codes) if i not in closed]
        codes += [f"Z{90000 + i:05d}" for i in range(len(closed))]
    for code in codes:
        index = int(code[1:]) - 10000  # stable per practice, whatever closes or opens
        pcn = index % pcns
        if churn and rng.random() < 0.01:
            pcn = (pcn + 1) % pcns
        sub_icb = f"{pcn % 106:02d}X"
        icb = f"Q{pcn % 42:02d}"
        size = 3000 + (index * 7919) % 17000 + (rng.randint(-50, 50) if churn else 0)
        map_rows.append(
            f'{month_name}2026,01-{month_name}-26,{code},"PRACTICE {code} SURGERY",AB1 2CD,'
            f'U{10000 + pcn:05d},"PCN NUMBER {pcn}",E38000{pcn % 106:03d},{sub_icb},'
            f'"SUB ICB {sub_icb}",E54000{pcn % 42:03d},{icb},"ICB {icb}",E40000001,Y56,'
            f"LONDON,EMIS"
        )
        for sex, age, count in (
            ("ALL", "ALL", size),
            ("MALE", "ALL", size // 2),
            ("FEMALE", "ALL", size - size // 2),
        ):
            patient_rows.append(
                f"{month_name}2026,2026-{month:02d}-01,GP,{sub_icb},E38000001,{code},AB1 2CD,"
                f"{sex},{age},{count}"
            )
    return ("\n".join(map_rows) + "\n").encode(), ("\n".join(patient_rows) + "\n").encode()
