// Hand-written stand-in for typescript-fetch output that wraps a nullable $ref: what
// check_names.py must reject for names-3.0.json's Order.customer (see ../expected.txt).
import type { Customer } from './Customer';

export type OrderCustomerAnyOf = Customer | null;

export interface Order {
    id: string;
    status: string;
    customer: OrderCustomerAnyOf;
}
