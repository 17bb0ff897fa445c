# -*- coding: utf-8 -*-
from . import core
from . import credit
from . import complaint
from . import service
from . import satisfaction
from . import customer_base
