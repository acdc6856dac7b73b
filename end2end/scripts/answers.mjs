// The checker's answers as its last form posts them, leading to the results page (the page
// with the live-figures island): shared by the page-weight and Lighthouse scripts.
export const CHECKER_RESULTS = [
  ['area', '320104'], ['hukou_local', 'no'], ['members', '3'], ['m0_age', '63'], ['m0_income', '2000'],
  ['m1_relation', 'spouse'], ['m1_age', '61'], ['m1_income', '1500'], ['m2_relation', 'grandchild'], ['m2_age', '9'],
  ['m2_ill', 'true'], ['income', '3500'], ['savings', '5000'], ['medical', '340000'], ['event', 'serious_illness'],
  ['event_date', '2026-02-20'], ['event_loss', '340000'], ['recv_dibao', 'true'], ['pledge', 'yes'],
  ['step', 'pledge'], ['action', 'continue'],
];
